#include "op_map.hpp"


namespace lincheck::formats::detail {

namespace {

// The keys an op map is looked up by, built once.
struct OpKeys {
    Value process = Value::keyword("process");
    Value type = Value::keyword("type");
    Value f = Value::keyword("f");
    Value value = Value::keyword("value");
    Value key = Value::keyword("key");
    Value time = Value::keyword("time");
};

const OpKeys& keys() {
    static const OpKeys k;
    return k;
}

bool is_name(const Value& v) {
    return v.kind() == Value::Kind::keyword || v.kind() == Value::Kind::string || v.kind() == Value::Kind::symbol;
}

}  // namespace

void add_op_map(const Value& op, const SourcePos& pos, EventBuilder& build) {
    build.start(pos);
    if (op.kind() != Value::Kind::map) build.not_an_item(op.to_string(Value::Notation::edn).substr(0, 40));
    const Value* process = op.find(keys().process);
    if (!process) build.no_process();
    if (process->is_integer()) {
        build.process(process->as_integer());
    } else if (process->is_string()) {
        if (!build.process_text(process->text())) return;  // "3": client 3; "nemesis": skipped
    } else if (is_name(*process) || process->is_nil()) {
        build.non_client();  // e.g. :nemesis
        return;
    } else {
        build.process_not_integer();
    }

    const Value* type = op.find(keys().type);
    if (!type || !is_name(*type)) build.no_type();
    build.type(type->text());  // a keyword's name, without its `:`

    const Value* f = op.find(keys().f);
    if (!f || !is_name(*f)) build.no_f();
    build.f(f->text());

    if (const Value* value = op.find(keys().value)) build.value(*value);
    if (const Value* key = op.find(keys().key)) build.key(*key);
    if (const Value* time = op.find(keys().time)) {
        if (time->is_integer()) build.time(static_cast<double>(time->as_integer()));
        if (time->kind() == Value::Kind::floating) build.time(time->as_floating());
    }
    build.finish();
}

}  // namespace lincheck::formats::detail
