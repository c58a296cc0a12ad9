// The crate's safe API over the C library: recording, checking, explanations, saving, errors.
use lincheck::{CheckOptions, ErrorKind, Recorder, Value, Verdict};

// The example of docs/embedding.md: a read of 0 recorded as "nothing".
fn zero_as_nil() -> Recorder {
    let mut rec = Recorder::new("cas-register").unwrap();
    let w = rec.invoke(0, "write", 7, 0).unwrap();
    let r = rec.invoke(1, "read", 7, ()).unwrap();
    rec.ok_with(r, 0).unwrap();
    rec.ok(w).unwrap();
    let r2 = rec.invoke(1, "read", 7, ()).unwrap();
    rec.ok_with(r2, None::<i64>).unwrap();
    rec
}

#[test]
fn library() {
    assert!(lincheck::c_api_version_matches());
    assert!(!lincheck::version().is_empty());
    let models = lincheck::models();
    assert!(models.iter().any(|m| m == "cas-register"), "{:?}", models);
}

#[test]
fn not_linearizable_with_explanation() {
    let rec = zero_as_nil();
    assert_eq!(rec.operations(), 3);
    assert_eq!(rec.events(), 6);
    let report = rec.check().unwrap();
    assert_eq!(report.verdict(), Verdict::NotLinearizable);
    assert!(!report.is_linearizable());
    let explanation = report.explanation().expect("an explanation");
    assert!(explanation.text.contains("Key 7: read → null by process 1 (event 5 to event 6)"), "{}", explanation.text);
    assert!(explanation.text.contains("Hint (zero-as-nil)"));
    assert_eq!(explanation.hints.len(), 1);
    assert_eq!(explanation.hints[0].code, "zero-as-nil");
    assert!(explanation.json.contains("\"verdict\":\"not_linearizable\""), "{}", explanation.json);
    assert!(explanation.json.contains("\"states_before\":[0]"));
    assert_eq!(report.unknown_reason(), "");
}

#[test]
fn linearizable_then_reset() {
    let mut rec = zero_as_nil();
    rec.reset().unwrap();
    assert_eq!(rec.events(), 0);
    let w = rec.invoke(0, "write", 7, 0).unwrap();
    assert_eq!(w.0, 0);
    rec.ok(w).unwrap();
    let r = rec.invoke(1, "read", 7, ()).unwrap();
    rec.ok_with(r, Some(0)).unwrap();
    let report = rec.check().unwrap();
    assert_eq!(report.verdict(), Verdict::Linearizable);
    assert!(report.explanation().is_none());
    assert_eq!(report.text(), "");
    assert!(report.json().contains("\"verdict\":\"linearizable\""));
}

#[test]
fn save_and_jsonl() {
    let rec = zero_as_nil();
    let jsonl = rec.to_jsonl().unwrap();
    assert_eq!(jsonl.lines().count(), 6);
    assert_eq!(jsonl.lines().next().unwrap(), r#"{"process": 0, "type": "invoke", "f": "write", "key": 7, "value": 0}"#);
    let path = std::env::temp_dir().join(format!("lincheck-crate-test-{}.jsonl", std::process::id()));
    rec.save(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), jsonl);
    std::fs::remove_file(&path).unwrap();
    let error = rec.save("/nonexistent-dir/h.jsonl").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Io);
    assert!(error.message().contains("cannot open"), "{}", error);
}

#[test]
fn json_values_functions_and_options() {
    let mut rec = Recorder::with_initial("cas-register", "5").unwrap();
    let read = rec.function("read").unwrap();
    assert_eq!(rec.function("read").unwrap(), read);
    let id = rec.invoke(0, "cas", Value::Json("\"a\""), (5, 6)).unwrap();
    rec.ok(id).unwrap();
    let id = rec.invoke(0, read, Value::Json("\"a\""), ()).unwrap();
    rec.ok_with(id, 6).unwrap();
    let id = rec.invoke(1, "write", Value::Json("{\"k\": 1}"), Value::Json("[1, {\"x\": null}]")).unwrap();
    rec.info(id).unwrap();
    let id = rec.invoke(2, "write", Value::Json("\"a\""), 9).unwrap();
    rec.fail(id).unwrap();
    let options = CheckOptions {
        time_limit: Some(std::time::Duration::from_secs(10)),
        memory_limit_bytes: Some(1 << 30),
        fast: false,
        ..CheckOptions::default()
    };
    assert_eq!(rec.check_with(&options).unwrap().verdict(), Verdict::Linearizable);
    // the failed write's 9 is read: not linearizable, and said so
    let id = rec.invoke(0, read, Value::Json("\"a\""), ()).unwrap();
    rec.ok_with(id, 9).unwrap();
    let report = rec.check_with(&CheckOptions { render: false, ..CheckOptions::default() }).unwrap();
    assert_eq!(report.verdict(), Verdict::NotLinearizable);
    assert_eq!(report.text(), "");
    assert!(report.hints().iter().any(|h| h.code == "failed-write-observed"), "{:?}", report.hints());
}

#[test]
fn unkeyed() {
    let mut rec = Recorder::with_initial("register", "0").unwrap();
    let id = rec.invoke_unkeyed(0, "write", 1).unwrap();
    rec.ok(id).unwrap();
    let id = rec.invoke_unkeyed(0, "read", ()).unwrap();
    rec.ok_with(id, 2).unwrap();
    assert_eq!(rec.check().unwrap().verdict(), Verdict::NotLinearizable);
}

#[test]
fn errors() {
    let e = Recorder::new("cas-registr").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownModel);
    assert!(e.message().contains("no model named \"cas-registr\""), "{}", e);
    assert_eq!(Recorder::with_initial("cas-register", "{").unwrap_err().kind(), ErrorKind::Json);
    assert_eq!(Recorder::with_initial("counter", "\"zero\"").unwrap_err().kind(), ErrorKind::Model);
    assert_eq!(Recorder::new("cas\0register").unwrap_err().kind(), ErrorKind::Argument);

    let mut rec = Recorder::new("cas-register").unwrap();
    assert_eq!(rec.invoke(0, "write", 1, Value::Json("[1,")).unwrap_err().kind(), ErrorKind::Json);
    let w = rec.invoke(0, "write", 1, 1).unwrap();
    let busy = rec.invoke(0, "read", 1, ()).unwrap_err();
    assert_eq!(busy.kind(), ErrorKind::Misuse);
    assert_eq!(rec.ok(lincheck::OpId(99)).unwrap_err().kind(), ErrorKind::Misuse);
    rec.ok(w).unwrap();
    assert_eq!(rec.ok(w).unwrap_err().kind(), ErrorKind::Misuse);
    assert_eq!(rec.invoke_unkeyed(1, "read", ()).unwrap_err().kind(), ErrorKind::Misuse);
    let id = rec.invoke(1, "enqueue", 1, 1).unwrap();
    rec.ok(id).unwrap();
    let e = rec.check().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::History);
    assert!(e.to_string().contains("enqueue"), "{}", e);
}

#[test]
fn recorders_move_between_threads() {
    let rec = zero_as_nil();
    let verdict = std::thread::spawn(move || rec.check().unwrap().verdict()).join().unwrap();
    assert_eq!(verdict, Verdict::NotLinearizable);
}

#[test]
fn a_limit_reached_is_unknown_never_a_guess() {
    let mut rec = Recorder::with_initial("cas-register", "0").unwrap();
    for i in 0..40i64 {
        rec.invoke_unkeyed(i, "write", i % 7).unwrap();
    }
    for i in 0..40i64 {
        let id = rec.invoke_unkeyed(100 + i, "read", ()).unwrap();
        rec.ok_with(id, (i * 3) % 7).unwrap();
    }
    let options = CheckOptions { memory_limit_bytes: Some(1), fast: false, ..CheckOptions::default() };
    let report = rec.check_with(&options).unwrap();
    assert_eq!(report.verdict(), Verdict::Unknown);
    assert!(report.unknown_reason().contains("memory limit"), "{}", report.unknown_reason());
    assert!(report.explanation().is_none());
}
