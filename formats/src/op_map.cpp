#include "op_map.hpp"

#include "client_process.hpp"
#include "event_words.hpp"

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

void add_op_map(const Value& op, const SourcePos& pos, ReadResult& out) {
    if (op.kind() != Value::Kind::map) {
        throw InputError("expected an op map such as {:process 0, :type :invoke, :f :read}, found " +
                             op.to_string(Value::Notation::edn).substr(0, 40),
                         pos);
    }
    const Value* process = op.find(keys().process);
    if (!process) throw InputError("op has no `:process`", pos);
    Event event;
    if (process->is_integer()) {
        event.process = process->as_integer();
    } else if (const auto client = process->is_string() ? client_number(process->text()) : std::nullopt) {
        event.process = *client;  // "3": client 3
    } else if (is_name(*process) || process->is_nil()) {
        ++out.skipped_non_client;  // e.g. :nemesis
        return;
    } else {
        throw InputError("`:process` must be an integer (or a name such as :nemesis for non-client ops)", pos);
    }

    const Value* type = op.find(keys().type);
    if (!type || !is_name(*type)) throw InputError("op has no `:type` keyword", pos);
    event.type = event_type_or_error(":" + type->text(), pos);

    const Value* f = op.find(keys().f);
    if (!f || !is_name(*f)) throw InputError("op has no `:f` keyword (the operation's name)", pos);
    event.f = operation_name(f->text());

    if (const Value* value = op.find(keys().value)) {
        event.value = *value;
        event.has_value = true;
    }
    if (const Value* key = op.find(keys().key)) event.key = *key;
    if (const Value* time = op.find(keys().time)) {
        if (time->is_integer()) event.time = static_cast<double>(time->as_integer());
        if (time->kind() == Value::Kind::floating) event.time = time->as_floating();
    }
    event.pos = pos;
    out.events.push_back(std::move(event));
}

}  // namespace lincheck::formats::detail
