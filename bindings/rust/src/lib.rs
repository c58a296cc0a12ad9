//! Record a history as a simulator runs, and check it for linearizability in-process.
//!
//! Safe bindings to lincheck's C API (`lincheck.h`, library `liblincheck`): the same recorder, search
//! and reports as the `lincheck` command, with the same semantics (README, "Semantics").
//!
//! ```no_run
//! let mut rec = lincheck::Recorder::new("cas-register")?;
//! let w = rec.invoke(0, "write", 7, 0)?;         // process 0 writes 0 to key 7
//! rec.ok(w)?;                                     // and it took effect
//! let r = rec.invoke(1, "read", 7, ())?;          // process 1 reads key 7
//! rec.ok_with(r, 0)?;                             // and gets 0
//! let report = rec.check()?;
//! if let Some(explanation) = report.explanation() {
//!     eprint!("{}", explanation.text);            // the report `lincheck` prints
//!     rec.save("failure.jsonl")?;                 // lincheck --model cas-register failure.jsonl
//! }
//! # Ok::<(), lincheck::Error>(())
//! ```
//!
//! - `ok(id)`: took effect, the invoke's value stands (a write); `ok_with(id, v)`: took effect and
//!   returned `v` (a read; `()` or `None` for "nothing"). `0` is a value; nil is its absence.
//! - `fail(id)`: certainly did not take effect. `info(id)`: indeterminate — may take effect at any time
//!   after its invoke, or never. Operations never completed are pending: the same as `info`.
//! - A process runs one operation at a time. Every operation has a key, or none does
//!   (`invoke_unkeyed`). Keys are independent objects, checked separately.
//! - Misuse (an unknown id, completing twice, a busy process) is an `Error` of kind `Misuse`.

pub mod ffi;

use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::c_char;
use std::path::Path;
use std::ptr;
use std::time::Duration;

/// What went wrong, as the C API's status codes say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bad argument (a NUL byte inside a string, ...).
    Argument,
    /// No model of that name (`lincheck --list-models`, or [`models`]).
    UnknownModel,
    /// A value that is not valid JSON.
    Json,
    /// The initial value does not fit the model.
    Model,
    /// Against the recording rules: an unknown operation, completing twice, a busy process, keyed and
    /// unkeyed operations mixed.
    Misuse,
    /// `check`: an operation the model does not accept (its `f`, its value).
    History,
    /// `save`: the file cannot be written.
    Io,
    /// Out of memory.
    Memory,
    /// A bug in lincheck.
    Internal,
}

/// An error from lincheck: its kind and the library's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

// The status of a C call, with the library's message when it failed.
fn status(code: ffi::lincheck_status) -> Result<()> {
    if code == ffi::LINCHECK_OK {
        return Ok(());
    }
    let kind = match code {
        ffi::LINCHECK_ERROR_ARGUMENT => ErrorKind::Argument,
        ffi::LINCHECK_ERROR_UNKNOWN_MODEL => ErrorKind::UnknownModel,
        ffi::LINCHECK_ERROR_JSON => ErrorKind::Json,
        ffi::LINCHECK_ERROR_MODEL => ErrorKind::Model,
        ffi::LINCHECK_ERROR_MISUSE => ErrorKind::Misuse,
        ffi::LINCHECK_ERROR_HISTORY => ErrorKind::History,
        ffi::LINCHECK_ERROR_IO => ErrorKind::Io,
        ffi::LINCHECK_ERROR_MEMORY => ErrorKind::Memory,
        _ => ErrorKind::Internal,
    };
    // SAFETY: lincheck_last_error returns a NUL-terminated string valid until the next failing call on
    // this thread; it is copied at once.
    let message = unsafe { string_at(ffi::lincheck_last_error()) };
    Err(Error { kind, message })
}

// SAFETY: `p` is NULL or a NUL-terminated string that outlives the call.
unsafe fn str_at<'a>(p: *const c_char) -> &'a str {
    if p.is_null() {
        return "";
    }
    // The library writes UTF-8; a value it quotes that is not would be lost rather than trusted.
    CStr::from_ptr(p).to_str().unwrap_or("")
}

unsafe fn string_at(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    CStr::from_ptr(p).to_string_lossy().into_owned()
}

fn c_string(what: &str, text: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::new(ErrorKind::Argument, format!("{} contains a NUL byte", what)))
}

/// The version of the lincheck library linked, e.g. "0.1.0".
pub fn version() -> String {
    // SAFETY: a static string.
    unsafe { string_at(ffi::lincheck_version()) }
}

/// The names of the models a recorder can check against ("cas-register", "register", "set", ...).
pub fn models() -> Vec<String> {
    // SAFETY: static strings, NULL past the end.
    unsafe { (0..ffi::lincheck_model_count()).map(|i| string_at(ffi::lincheck_model_name(i))).collect() }
}

/// A value as the recorder takes it: nil (no value, "never written"), an integer, a pair of integers
/// (a cas's `[expected, new]`), or any JSON text. Integers, pairs and nil are recorded without
/// allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Nil,
    Int(i64),
    Pair(i64, i64),
    Json(&'a str),
}

impl<'a> Value<'a> {
    fn raw(&self) -> ffi::lincheck_value {
        let (kind, first, second, json, json_length) = match *self {
            Value::Nil => (ffi::LINCHECK_VALUE_NIL, 0, 0, ptr::null(), 0),
            Value::Int(i) => (ffi::LINCHECK_VALUE_INT, i, 0, ptr::null(), 0),
            Value::Pair(a, b) => (ffi::LINCHECK_VALUE_PAIR, a, b, ptr::null(), 0),
            Value::Json(text) => (ffi::LINCHECK_VALUE_JSON, 0, 0, text.as_ptr() as *const c_char, text.len()),
        };
        ffi::lincheck_value { kind, first, second, json, json_length }
    }
}

impl From<()> for Value<'_> {
    fn from(_: ()) -> Self {
        Value::Nil
    }
}
impl From<i64> for Value<'_> {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<i32> for Value<'_> {
    fn from(i: i32) -> Self {
        Value::Int(i64::from(i))
    }
}
impl From<u32> for Value<'_> {
    fn from(i: u32) -> Self {
        Value::Int(i64::from(i))
    }
}
impl From<(i64, i64)> for Value<'_> {
    fn from(p: (i64, i64)) -> Self {
        Value::Pair(p.0, p.1)
    }
}
impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Nil, Into::into)
    }
}

/// An operation name interned by [`Recorder::function`]: the fastest way to say `f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Function(u32);

/// An operation's handle, for its completion. Ids count 0, 1, 2, ... in invoke order until `reset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u32);

/// An operation name: a [`Function`], or a `&str` (interned on first use).
pub trait IntoFunction {
    fn into_function(self, rec: &mut Recorder) -> Result<Function>;
}
impl IntoFunction for Function {
    fn into_function(self, _: &mut Recorder) -> Result<Function> {
        Ok(self)
    }
}
impl IntoFunction for &str {
    fn into_function(self, rec: &mut Recorder) -> Result<Function> {
        rec.function(self)
    }
}

/// Records a history and checks it. One per simulation thread: it may move between threads
/// (`Send`), not be shared (`!Sync`).
pub struct Recorder {
    raw: *mut ffi::lincheck_recorder,
    functions: Vec<(String, Function)>, // names already interned: no C string per invoke
}

// SAFETY: the C recorder has no thread affinity; it must only not be used from two threads at once,
// which `!Sync` (the raw pointer) ensures.
unsafe impl Send for Recorder {}

impl Recorder {
    /// A recorder for `model` ("cas-register", "register", ...; [`models`]), from the model's own
    /// initial state (nil for registers).
    pub fn new(model: &str) -> Result<Recorder> {
        Recorder::create(model, None)
    }

    /// The same, starting from `initial_json` (e.g. `"0"`, `"{\"x\": 0}"`).
    pub fn with_initial(model: &str, initial_json: &str) -> Result<Recorder> {
        Recorder::create(model, Some(initial_json))
    }

    fn create(model: &str, initial_json: Option<&str>) -> Result<Recorder> {
        let model = c_string("the model name", model)?;
        let initial = match initial_json {
            Some(text) => Some(c_string("the initial value", text)?),
            None => None,
        };
        let mut raw = ptr::null_mut();
        // SAFETY: valid C strings and out-pointer; `raw` is owned by the Recorder from here.
        status(unsafe {
            ffi::lincheck_recorder_new(model.as_ptr(), initial.as_ref().map_or(ptr::null(), |c| c.as_ptr()), &mut raw)
        })?;
        Ok(Recorder { raw, functions: Vec::new() })
    }

    /// Interns an operation name: the same name always gives the same [`Function`].
    pub fn function(&mut self, name: &str) -> Result<Function> {
        if let Some((_, f)) = self.functions.iter().find(|(n, _)| n == name) {
            return Ok(*f);
        }
        let c = c_string("the operation name", name)?;
        let mut id = 0u32;
        // SAFETY: a live recorder, a valid C string and out-pointer.
        status(unsafe { ffi::lincheck_function(self.raw, c.as_ptr(), &mut id) })?;
        self.functions.push((name.to_owned(), Function(id)));
        Ok(Function(id))
    }

    /// Records the invoke of `f` by `process` on `key`, with argument `value` (`()` for a read).
    pub fn invoke<'v, 'k>(
        &mut self,
        process: i64,
        f: impl IntoFunction,
        key: impl Into<Value<'k>>,
        value: impl Into<Value<'v>>,
    ) -> Result<OpId> {
        let key = key.into().raw();
        self.invoke_raw(process, f, &key, value.into())
    }

    /// Records an invoke in an unkeyed history (one object).
    pub fn invoke_unkeyed<'v>(&mut self, process: i64, f: impl IntoFunction, value: impl Into<Value<'v>>) -> Result<OpId> {
        self.invoke_raw(process, f, ptr::null(), value.into())
    }

    fn invoke_raw(&mut self, process: i64, f: impl IntoFunction, key: *const ffi::lincheck_value, value: Value<'_>) -> Result<OpId> {
        let f = f.into_function(self)?;
        let value = value.raw();
        let mut id = 0u32;
        // SAFETY: a live recorder; key and value point to lincheck_values (whose JSON texts, if any,
        // outlive the call); the library copies what it keeps.
        status(unsafe { ffi::lincheck_invoke_function(self.raw, process, f.0, key, &value, &mut id) })?;
        Ok(OpId(id))
    }

    /// The operation completed and took effect; its invoke's value stands (a write).
    pub fn ok(&mut self, id: OpId) -> Result<()> {
        // SAFETY: a live recorder.
        status(unsafe { ffi::lincheck_ok(self.raw, id.0) })
    }

    /// The operation completed, took effect, and returned `result` (a read; `()` or `None`: nothing).
    pub fn ok_with<'v>(&mut self, id: OpId, result: impl Into<Value<'v>>) -> Result<()> {
        let result = result.into().raw();
        // SAFETY: a live recorder and a lincheck_value valid for the call.
        status(unsafe { ffi::lincheck_ok_value(self.raw, id.0, &result) })
    }

    /// The operation certainly did not take effect.
    pub fn fail(&mut self, id: OpId) -> Result<()> {
        // SAFETY: a live recorder.
        status(unsafe { ffi::lincheck_fail(self.raw, id.0) })
    }

    /// The outcome is unknown: it may take effect at any time after its invoke, or never.
    pub fn info(&mut self, id: OpId) -> Result<()> {
        // SAFETY: a live recorder.
        status(unsafe { ffi::lincheck_info(self.raw, id.0) })
    }

    /// Forgets the history; keeps the memory, the functions and what the search learned.
    pub fn reset(&mut self) -> Result<()> {
        // SAFETY: a live recorder.
        status(unsafe { ffi::lincheck_recorder_reset(self.raw) })
    }

    /// Operations invoked so far.
    pub fn operations(&self) -> usize {
        // SAFETY: a live recorder.
        unsafe { ffi::lincheck_recorder_operations(self.raw) }
    }

    /// Events recorded so far (invokes and completions).
    pub fn events(&self) -> usize {
        // SAFETY: a live recorder.
        unsafe { ffi::lincheck_recorder_events(self.raw) }
    }

    /// Checks the history so far, on this thread, explained on failure.
    pub fn check(&self) -> Result<Report> {
        self.check_with(&CheckOptions::default())
    }

    /// Checks the history so far with limits and other options.
    pub fn check_with(&self, options: &CheckOptions) -> Result<Report> {
        let mut raw_options = unsafe {
            let mut o = std::mem::MaybeUninit::<ffi::lincheck_check_options>::uninit();
            // SAFETY: init writes every field.
            ffi::lincheck_check_options_init(o.as_mut_ptr());
            o.assume_init()
        };
        raw_options.time_limit_seconds = options.time_limit.map_or(0.0, |d| d.as_secs_f64().max(1e-9));
        raw_options.memory_limit_bytes = options.memory_limit_bytes.unwrap_or(0);
        raw_options.jobs = options.jobs;
        raw_options.explain = i32::from(options.explain);
        raw_options.render = i32::from(options.render);
        raw_options.fast = i32::from(options.fast);
        raw_options.width = options.width;
        let mut raw = ptr::null_mut();
        // SAFETY: a live recorder (checking updates its memo: Recorder is !Sync), valid options and
        // out-pointer; the report is owned by the Report from here.
        status(unsafe { ffi::lincheck_check(self.raw, &raw_options, &mut raw) })?;
        Ok(Report { raw })
    }

    /// Writes the history as JSON Lines, one event per line: `lincheck --model M path` checks it again
    /// with the same verdict and report.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        use std::os::unix::ffi::OsStrExt;
        let path = CString::new(path.as_ref().as_os_str().as_bytes())
            .map_err(|_| Error::new(ErrorKind::Argument, "the path contains a NUL byte"))?;
        // SAFETY: a live recorder and a valid C string.
        status(unsafe { ffi::lincheck_save(self.raw, path.as_ptr()) })
    }

    /// The history as JSON Lines (what `save` writes).
    pub fn to_jsonl(&self) -> Result<String> {
        let mut text = ptr::null();
        let mut length = 0usize;
        // SAFETY: a live recorder (the buffer is the recorder's: copied before any other call).
        unsafe {
            status(ffi::lincheck_history_jsonl(self.raw, &mut text, &mut length))?;
            let bytes = std::slice::from_raw_parts(text as *const u8, length);
            Ok(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // SAFETY: owned, freed once.
        unsafe { ffi::lincheck_recorder_free(self.raw) }
    }
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorder").field("operations", &self.operations()).field("events", &self.events()).finish()
    }
}

/// How to check: limits (past them the verdict is `Unknown`, never a guess), threads, what to explain.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    pub time_limit: Option<Duration>,
    /// For the search's caches.
    pub memory_limit_bytes: Option<u64>,
    /// Threads checking keys at once: 1 (default) this thread only; 0 all cores.
    pub jobs: u32,
    /// On failure: the smallest failing window and the diagnosis hints.
    pub explain: bool,
    /// On failure: the text report.
    pub render: bool,
    /// The recorder's fast search first.
    pub fast: bool,
    /// Columns of the text report.
    pub width: u32,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { time_limit: None, memory_limit_bytes: None, jobs: 1, explain: true, render: true, fast: true, width: 100 }
    }
}

/// The outcome of a check. The numbers are the `lincheck` command's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Linearizable = 0,
    NotLinearizable = 1,
    /// A limit was reached before the search could decide.
    Unknown = 2,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Linearizable => "linearizable",
            Verdict::NotLinearizable => "NOT linearizable",
            Verdict::Unknown => "unknown",
        })
    }
}

/// A diagnosis hint: a known pattern behind a failure (`zero-as-nil`, `stale-read`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub code: String,
    pub text: String,
}

/// Why a history is not linearizable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The report `lincheck` prints (empty when `CheckOptions::render` is off).
    pub text: String,
    /// The same as JSON (see [`Report::json`]).
    pub json: String,
    pub hints: Vec<Hint>,
}

/// A check's report. Independent of the recorder, which may go on recording.
pub struct Report {
    raw: *mut ffi::lincheck_report,
}

// SAFETY: as Recorder: no thread affinity, and `!Sync`.
unsafe impl Send for Report {}

impl Report {
    pub fn verdict(&self) -> Verdict {
        // SAFETY: a live report.
        match unsafe { ffi::lincheck_report_verdict(self.raw) } {
            ffi::LINCHECK_LINEARIZABLE => Verdict::Linearizable,
            ffi::LINCHECK_NOT_LINEARIZABLE => Verdict::NotLinearizable,
            _ => Verdict::Unknown,
        }
    }

    pub fn is_linearizable(&self) -> bool {
        self.verdict() == Verdict::Linearizable
    }

    /// When not linearizable: the text report, as `lincheck` prints it; else "".
    pub fn text(&self) -> &str {
        // SAFETY: the string lives as long as the report.
        unsafe { str_at(ffi::lincheck_report_text(self.raw)) }
    }

    /// The report as one JSON object: `verdict`, `key`, `failing_op`, `states_before`, `window`,
    /// `hints`, `text` (docs/embedding.md, "The C API").
    pub fn json(&self) -> &str {
        // SAFETY: the string lives as long as the report (made once, on the first call: Report is !Sync).
        unsafe { str_at(ffi::lincheck_report_json(self.raw)) }
    }

    /// When unknown: why (a limit, ...).
    pub fn unknown_reason(&self) -> &str {
        // SAFETY: the string lives as long as the report.
        unsafe { str_at(ffi::lincheck_report_unknown_reason(self.raw)) }
    }

    pub fn hints(&self) -> Vec<Hint> {
        // SAFETY: a live report; strings copied.
        unsafe {
            (0..ffi::lincheck_report_hint_count(self.raw))
                .map(|i| Hint {
                    code: string_at(ffi::lincheck_report_hint_code(self.raw, i)),
                    text: string_at(ffi::lincheck_report_hint_text(self.raw, i)),
                })
                .collect()
        }
    }

    /// When not linearizable: the explanation; else None.
    pub fn explanation(&self) -> Option<Explanation> {
        if self.verdict() != Verdict::NotLinearizable {
            return None;
        }
        Some(Explanation { text: self.text().to_owned(), json: self.json().to_owned(), hints: self.hints() })
    }
}

impl Drop for Report {
    fn drop(&mut self) {
        // SAFETY: owned, freed once.
        unsafe { ffi::lincheck_report_free(self.raw) }
    }
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report").field("verdict", &self.verdict()).finish()
    }
}

/// The library's C API version must be the one these declarations were written for.
pub fn c_api_version_matches() -> bool {
    // SAFETY: no arguments.
    unsafe { ffi::lincheck_c_api_version() == ffi::LINCHECK_C_API_VERSION }
}
