//! sim: the key-value store simulator of samples/sim, in Rust, recording through the lincheck crate.
//! Runs many seeds, checks each run's history in-process, and exits 0 when every run is
//! linearizable, 1 when one is not (printing the explanation of the first failing seed).
//!
//!   cargo run --release --example sim -- --seeds 10000                     # the correct harness
//!   cargo run --release --example sim -- --seeds 2000 --bug drop-pending   # a harness bug: caught
//!   cargo run --release --example sim -- --seed 5 --bug rejected-write-ok --save h.jsonl
mod kv;

use std::collections::BTreeMap;
use std::process::exit;
use std::time::Duration;

use lincheck::{CheckOptions, Recorder, Verdict};

const MODEL: &str = "cas-register";

/// CPU time of this thread: rates per core that other processes on a busy machine do not dilute (as
/// samples/sim/throughput.cpp measures them). Linux's clock id.
fn cpu_time() -> Duration {
    #[repr(C)]
    struct Timespec {
        tv_sec: std::os::raw::c_long,
        tv_nsec: std::os::raw::c_long,
    }
    extern "C" {
        fn clock_gettime(clock: std::os::raw::c_int, t: *mut Timespec) -> std::os::raw::c_int;
    }
    const CLOCK_THREAD_CPUTIME_ID: std::os::raw::c_int = 3;
    let mut t = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid clock id and out-pointer.
    if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

struct Options {
    first_seed: u64,
    seeds: u64,
    single: bool,
    config: kv::Config,
    save: Option<String>,
    print: u64,
}

fn usage(error: &str) -> ! {
    if !error.is_empty() {
        eprintln!("sim: {}\n", error);
    }
    eprintln!(
        "usage: sim [--seeds N] [--first-seed S] | --seed S [--save FILE]\n\
         \x20          [--bug NAME]... [--events N] [--keys N] [--clients N] [--no-faults] [--print N]\n\
         exit 0: every run linearizable; 1: a run is not (the first failing seed's explanation is printed)\n\
         bugs (harness mistakes to re-introduce):"
    );
    for (_, flag, what) in kv::BUGS.iter() {
        eprintln!("  {}: the harness {}", flag, what);
    }
    exit(if error.is_empty() { 0 } else { 4 });
}

fn number(flag: &str, text: Option<String>) -> u64 {
    let text = text.unwrap_or_else(|| usage(&format!("{} needs a value", flag)));
    text.parse().unwrap_or_else(|_| usage(&format!("{} needs a number, got \"{}\"", flag, text)))
}

fn parse() -> Options {
    let mut o = Options { first_seed: 1, seeds: 1000, single: false, config: kv::Config::default(), save: None, print: 10 };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seeds" => o.seeds = number("--seeds", args.next()),
            "--first-seed" => o.first_seed = number("--first-seed", args.next()),
            "--seed" => {
                o.first_seed = number("--seed", args.next());
                o.seeds = 1;
                o.single = true;
            }
            "--bug" => {
                let name = args.next().unwrap_or_else(|| usage("--bug needs a value"));
                match kv::BUGS.iter().find(|(_, flag, _)| *flag == name) {
                    Some((bug, _, _)) => o.config.bugs |= bug,
                    None => usage(&format!("no bug named \"{}\"", name)),
                }
            }
            "--events" => o.config.events = number("--events", args.next()) as usize,
            "--keys" => o.config.keys = number("--keys", args.next()) as usize,
            "--clients" => o.config.clients = number("--clients", args.next()) as usize,
            "--no-faults" => o.config.faults = false,
            "--save" => o.save = Some(args.next().unwrap_or_else(|| usage("--save needs a value"))),
            "--print" => o.print = number("--print", args.next()),
            "-h" | "--help" => usage(""),
            _ => usage(&format!("unknown argument {}", a)),
        }
    }
    if o.config.keys < 1 || o.config.clients < 1 || o.config.keys > 1 << 20 || o.config.clients > 1 << 20 {
        usage("--keys and --clients must be between 1 and 2^20");
    }
    if o.save.is_some() && !o.single {
        usage("--save needs --seed");
    }
    o
}

fn flags_of(c: &kv::Config) -> String {
    let mut out = String::new();
    for (bug, flag, _) in kv::BUGS.iter() {
        if c.bugs & bug != 0 {
            out += &format!(" --bug {}", flag);
        }
    }
    let d = kv::Config::default();
    if c.events != d.events {
        out += &format!(" --events {}", c.events);
    }
    if c.keys != d.keys {
        out += &format!(" --keys {}", c.keys);
    }
    if c.clients != d.clients {
        out += &format!(" --clients {}", c.clients);
    }
    if !c.faults {
        out += " --no-faults";
    }
    out
}

fn run(o: &Options) -> lincheck::Result<i32> {
    let mut rec = Recorder::new(MODEL)?;
    let mut sim = kv::Simulation::new(o.config.clone());

    if o.single {
        let s = sim.run(o.first_seed, &mut rec)?;
        let report = rec.check()?;
        println!(
            "seed {}: {} operations ({} reads, {} writes, {} cas), {} events; faults: {} rejected, {} partial, \
             {} timeouts, {} crashes, {} in flight at the end",
            o.first_seed, s.ops, s.reads, s.writes, s.cas, rec.events(), s.rejected, s.partial, s.timeouts, s.crashes,
            s.in_flight_at_end
        );
        println!("{}", report.verdict());
        if let Some(explanation) = report.explanation() {
            print!("\n{}", explanation.text);
        }
        if report.verdict() == Verdict::Unknown {
            println!("{}", report.unknown_reason());
        }
        if let Some(path) = &o.save {
            rec.save(path)?;
            println!("\nsaved to {}; check it again with: lincheck --model {} {}", path, MODEL, path);
        }
        return Ok(report.verdict() as i32);
    }

    // Failing runs are rendered only for the first one printed in full.
    let quiet = CheckOptions { render: false, ..CheckOptions::default() };
    let (mut failures, mut unknown, mut printed) = (0u64, 0u64, 0u64);
    let mut first_failure: Option<(u64, String)> = None;
    let mut by_hints: BTreeMap<String, u64> = BTreeMap::new();
    let mut checking = Duration::ZERO;
    // What reading the clock costs (a system call), taken out of the checks' time below.
    let calibration = cpu_time();
    for _ in 0..1000 {
        cpu_time();
    }
    let clock_cost = (cpu_time() - calibration) / 1001;
    let start = cpu_time();
    for seed in o.first_seed..o.first_seed + o.seeds {
        sim.run(seed, &mut rec)?;
        let check_start = cpu_time();
        let report = rec.check_with(&quiet)?;
        checking += (cpu_time() - check_start).saturating_sub(clock_cost);
        match report.verdict() {
            Verdict::Linearizable => continue,
            Verdict::Unknown => {
                unknown += 1;
                println!("seed {}: unknown ({})", seed, report.unknown_reason());
                continue;
            }
            Verdict::NotLinearizable => {}
        }
        failures += 1;
        let codes: Vec<String> = report.hints().into_iter().map(|h| h.code).collect();
        let codes = if codes.is_empty() { "none".to_owned() } else { codes.join(", ") };
        *by_hints.entry(codes.clone()).or_insert(0) += 1;
        if first_failure.is_none() {
            first_failure = Some((seed, rec.check()?.text().to_owned()));
        }
        if printed < o.print {
            printed += 1;
            println!("seed {}: NOT linearizable, hints: {}\n  reproduce: sim --seed {}{}", seed, codes, seed, flags_of(&o.config));
        }
    }
    let seconds = (cpu_time() - start).as_secs_f64().max(1e-9);
    if failures > printed {
        println!("... and {} more failures", failures - printed);
    }
    println!(
        "{} runs (seeds {}–{}, {} clients, {} keys, {} events, faults {}{}): {} not linearizable, {} unknown",
        o.seeds,
        o.first_seed,
        o.first_seed + o.seeds - 1,
        o.config.clients,
        o.config.keys,
        o.config.events,
        if o.config.faults { "on" } else { "off" },
        if o.config.bugs != 0 { format!(",{}", flags_of(&o.config)) } else { String::new() },
        failures,
        unknown
    );
    for (codes, n) in &by_hints {
        println!("  hints {}: {} runs", codes, n);
    }
    println!(
        "{:.0} sims/s (simulate + record + check, per second of this thread's CPU time); the checks alone: {:.0} checks/s",
        o.seeds as f64 / seconds,
        o.seeds as f64 / checking.as_secs_f64().max(1e-9)
    );
    if let Some((seed, text)) = first_failure {
        println!("\nThe first failing seed, {} (sim --seed {}{}):\n\n{}", seed, seed, flags_of(&o.config), text);
    }
    Ok(if failures > 0 {
        1
    } else if unknown > 0 {
        2
    } else {
        0
    })
}

fn main() {
    let o = parse();
    match run(&o) {
        Ok(code) => exit(code),
        Err(e) => {
            eprintln!("sim: {}", e);
            exit(3);
        }
    }
}
