//! Hand-written declarations of lincheck's C API (bindings/c/include/lincheck.h, C API version 1).
//! Keep in step with the header: the same names, the same layouts.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int};

pub type lincheck_status = c_int;
pub const LINCHECK_OK: lincheck_status = 0;
pub const LINCHECK_ERROR_ARGUMENT: lincheck_status = 1;
pub const LINCHECK_ERROR_UNKNOWN_MODEL: lincheck_status = 2;
pub const LINCHECK_ERROR_JSON: lincheck_status = 3;
pub const LINCHECK_ERROR_MODEL: lincheck_status = 4;
pub const LINCHECK_ERROR_MISUSE: lincheck_status = 5;
pub const LINCHECK_ERROR_HISTORY: lincheck_status = 6;
pub const LINCHECK_ERROR_IO: lincheck_status = 7;
pub const LINCHECK_ERROR_MEMORY: lincheck_status = 8;

pub type lincheck_verdict = c_int;
pub const LINCHECK_LINEARIZABLE: lincheck_verdict = 0;
pub const LINCHECK_NOT_LINEARIZABLE: lincheck_verdict = 1;

pub const LINCHECK_VALUE_NIL: i32 = 0;
pub const LINCHECK_VALUE_INT: i32 = 1;
pub const LINCHECK_VALUE_PAIR: i32 = 2;
pub const LINCHECK_VALUE_JSON: i32 = 3;

pub const LINCHECK_C_API_VERSION: c_int = 1;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct lincheck_value {
    pub kind: i32,
    pub first: i64,
    pub second: i64,
    pub json: *const c_char,
    pub json_length: usize,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct lincheck_check_options {
    pub struct_size: usize,
    pub time_limit_seconds: f64,
    pub memory_limit_bytes: u64,
    pub jobs: u32,
    pub explain: i32,
    pub render: i32,
    pub fast: i32,
    pub width: u32,
}

#[repr(C)]
pub struct lincheck_recorder {
    _private: [u8; 0],
}

#[repr(C)]
pub struct lincheck_report {
    _private: [u8; 0],
}

extern "C" {
    pub fn lincheck_version() -> *const c_char;
    pub fn lincheck_c_api_version() -> c_int;
    pub fn lincheck_last_error() -> *const c_char;
    pub fn lincheck_model_count() -> usize;
    pub fn lincheck_model_name(index: usize) -> *const c_char;

    pub fn lincheck_recorder_new(
        model: *const c_char,
        initial_json: *const c_char,
        out: *mut *mut lincheck_recorder,
    ) -> lincheck_status;
    pub fn lincheck_recorder_free(rec: *mut lincheck_recorder);
    pub fn lincheck_recorder_reset(rec: *mut lincheck_recorder) -> lincheck_status;
    pub fn lincheck_recorder_operations(rec: *const lincheck_recorder) -> usize;
    pub fn lincheck_recorder_events(rec: *const lincheck_recorder) -> usize;

    pub fn lincheck_function(rec: *mut lincheck_recorder, f: *const c_char, out: *mut u32) -> lincheck_status;
    pub fn lincheck_invoke_function(
        rec: *mut lincheck_recorder,
        process: i64,
        f: u32,
        key: *const lincheck_value,
        value: *const lincheck_value,
        id: *mut u32,
    ) -> lincheck_status;
    pub fn lincheck_ok(rec: *mut lincheck_recorder, id: u32) -> lincheck_status;
    pub fn lincheck_ok_value(rec: *mut lincheck_recorder, id: u32, result: *const lincheck_value) -> lincheck_status;
    pub fn lincheck_fail(rec: *mut lincheck_recorder, id: u32) -> lincheck_status;
    pub fn lincheck_info(rec: *mut lincheck_recorder, id: u32) -> lincheck_status;

    pub fn lincheck_save(rec: *const lincheck_recorder, path: *const c_char) -> lincheck_status;
    pub fn lincheck_history_jsonl(
        rec: *mut lincheck_recorder,
        out: *mut *const c_char,
        length: *mut usize,
    ) -> lincheck_status;

    pub fn lincheck_check_options_init(options: *mut lincheck_check_options);
    pub fn lincheck_check(
        rec: *mut lincheck_recorder,
        options: *const lincheck_check_options,
        out: *mut *mut lincheck_report,
    ) -> lincheck_status;
    pub fn lincheck_report_verdict(report: *const lincheck_report) -> lincheck_verdict;
    pub fn lincheck_report_text(report: *const lincheck_report) -> *const c_char;
    pub fn lincheck_report_json(report: *mut lincheck_report) -> *const c_char;
    pub fn lincheck_report_unknown_reason(report: *const lincheck_report) -> *const c_char;
    pub fn lincheck_report_hint_count(report: *const lincheck_report) -> usize;
    pub fn lincheck_report_hint_code(report: *const lincheck_report, index: usize) -> *const c_char;
    pub fn lincheck_report_hint_text(report: *const lincheck_report, index: usize) -> *const c_char;
    pub fn lincheck_report_free(report: *mut lincheck_report);
}
