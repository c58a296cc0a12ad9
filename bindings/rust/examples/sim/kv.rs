//! The key-value store simulator of samples/sim (kv_sim.cpp), ported to Rust, step for step and RNG
//! call for RNG call: a seed gives the same history as `lincheck-sim --seed N` (same flags).
//!
//! Clients drive a replicated key-value store through a simulated network with injected faults; the
//! harness records every operation through a `lincheck::Recorder`. The store holds integer registers
//! by key (initially absent) and serves read, write and cas [last seen, last seen + 1]; each request
//! takes effect atomically when it reaches the leader, so the store is linearizable (model
//! `cas-register`). Faults: writes rejected by storage (a definite error), partial writes (the client
//! hears "accepted, not committed"; the new leader commits them later or never), messages delayed past
//! the client's timeout, clients crashing with a request in flight (restarting under a new process id),
//! and the end of the run with requests in flight. The correct harness records a definite error as
//! `fail`, a partial write, a timeout or a crash as `info`, and leaves requests in flight open.

use lincheck::{Function, OpId, Recorder, Value};

pub const ZERO_AS_NIL: u32 = 1 << 0;
pub const REJECTED_WRITE_OK: u32 = 1 << 1;
pub const PARTIAL_WRITE_OK: u32 = 1 << 2;
pub const DROP_PENDING: u32 = 1 << 3;
pub const UNRECORDED_RMW: u32 = 1 << 4;

/// The harness mistakes a `--bug` flag re-introduces.
pub const BUGS: [(u32, &str, &str); 5] = [
    (ZERO_AS_NIL, "zero-as-nil", "treats a read of 0 as \"never written\""),
    (REJECTED_WRITE_OK, "rejected-write-ok", "records a write that storage rejected as successful"),
    (PARTIAL_WRITE_OK, "partial-write-ok", "records a partial write as a full success"),
    (DROP_PENDING, "drop-pending", "drops the requests still in flight when the run ends"),
    (UNRECORDED_RMW, "unrecorded-rmw", "executes read-modify-write (cas) requests without recording them"),
];

#[derive(Clone, Debug)]
pub struct Config {
    pub clients: usize,
    pub keys: usize,
    pub events: usize, // the run ends when the history has this many events
    pub faults: bool,
    pub bugs: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config { clients: 3, keys: 8, events: 100, faults: true, bugs: 0 }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub ops: u32,
    pub reads: u32,
    pub writes: u32,
    pub cas: u32,
    pub rejected: u32,
    pub partial: u32,
    pub timeouts: u32,
    pub crashes: u32,
    pub in_flight_at_end: u32,
}

/// splitmix64, as in kv_sim.cpp.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: u32) -> u32 {
        (((self.next() >> 32) * u64::from(n)) >> 32) as u32
    }
    fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille
    }
}

// Fault rates, per mille.
const REJECT_RATE: u32 = 50;
const PARTIAL_RATE: u32 = 50;
const SLOW_RATE: u32 = 30;
const CRASH_RATE: u32 = 20;
const TIMEOUT: i64 = 12; // ticks a client waits for a response
const VALUES: u32 = 10; // writes write 0..9
const WHEEL: i64 = 64; // a timing wheel of one bucket per tick: every delay is shorter

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Read,
    Write,
    Cas,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Reply {
    None,
    Ok,
    Rejected,
    Partial,
    Mismatch,
}

struct Request {
    client: usize,
    op: Op,
    key: usize,
    value: i64,
    expected: i64,
    id: OpId,
    recorded: bool,
    settled: bool,
    reply: Reply,
    read: Option<i64>,
}

struct Client {
    process: i64,
    known: Vec<Option<i64>>, // last value seen per key, for cas
}

#[derive(Clone, Copy)]
enum Ev {
    Issue,
    Arrive,
    Respond,
    Timeout,
    Crash,
    Restart,
    Commit,
}

/// A simulator whose buffers are reused from run to run.
pub struct Simulation {
    rng: Rng,
    config: Config,
    fns: Option<(Function, Function, Function)>, // read, write, cas
    store: Vec<Option<i64>>,
    clients: Vec<Client>,
    requests: Vec<Request>,
    wheel: Vec<Vec<(Ev, usize)>>,
    pending_events: usize,
    now: i64,
    stats: Stats,
}

impl Simulation {
    pub fn new(config: Config) -> Simulation {
        Simulation {
            rng: Rng(0),
            config,
            fns: None,
            store: Vec::new(),
            clients: Vec::new(),
            requests: Vec::new(),
            wheel: (0..WHEEL).map(|_| Vec::new()).collect(),
            pending_events: 0,
            now: 0,
            stats: Stats::default(),
        }
    }

    /// Runs one simulation from `seed`, recording into `rec` (which it resets first).
    pub fn run(&mut self, seed: u64, rec: &mut Recorder) -> lincheck::Result<Stats> {
        rec.reset()?;
        self.start(seed, rec)?;
        while self.pending_events > 0 && rec.events() < self.config.events {
            let b = (self.now % WHEEL) as usize;
            // Events scheduled for now while handling these are appended to this bucket and run too.
            let mut i = 0;
            while i < self.wheel[b].len() && rec.events() < self.config.events {
                let (ev, target) = self.wheel[b][i];
                self.pending_events -= 1;
                self.handle(ev, target, rec)?;
                i += 1;
            }
            self.wheel[b].clear();
            self.now += 1;
        }
        // The run ends: requests still in flight stay open (pending) — or, with the bug, are dropped.
        for r in &self.requests {
            if r.settled || !r.recorded {
                continue;
            }
            self.stats.in_flight_at_end += 1;
            if self.config.bugs & DROP_PENDING != 0 {
                rec.fail(r.id)?;
            }
        }
        Ok(self.stats.clone())
    }

    fn start(&mut self, seed: u64, rec: &mut Recorder) -> lincheck::Result<()> {
        self.rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d).wrapping_add(1));
        self.store.clear();
        self.store.resize(self.config.keys, None);
        self.requests.clear();
        for bucket in &mut self.wheel {
            bucket.clear();
        }
        self.pending_events = 0;
        self.now = 0;
        self.stats = Stats::default();
        if self.fns.is_none() {
            self.fns = Some((rec.function("read")?, rec.function("write")?, rec.function("cas")?));
        }
        self.clients.clear();
        for c in 0..self.config.clients {
            self.clients.push(Client { process: c as i64, known: vec![None; self.config.keys] });
            let delay = i64::from(self.rng.below(3));
            self.schedule(delay, Ev::Issue, c);
        }
        Ok(())
    }

    fn faults(&self) -> bool {
        self.config.faults
    }

    fn schedule(&mut self, delay: i64, ev: Ev, target: usize) {
        debug_assert!((0..WHEEL).contains(&delay));
        self.wheel[((self.now + delay) % WHEEL) as usize].push((ev, target));
        self.pending_events += 1;
    }

    fn network_delay(&mut self) -> i64 {
        if self.faults() && self.rng.chance(SLOW_RATE) {
            return TIMEOUT + 1 + i64::from(self.rng.below(20));
        }
        1 + i64::from(self.rng.below(4))
    }

    fn handle(&mut self, ev: Ev, target: usize, rec: &mut Recorder) -> lincheck::Result<()> {
        match ev {
            Ev::Issue => self.issue(target, rec)?,
            Ev::Arrive => self.arrive(target),
            Ev::Respond => self.respond(target, rec)?,
            Ev::Timeout => self.give_up(target, false, rec)?,
            Ev::Crash => self.give_up(target, true, rec)?,
            Ev::Restart => self.schedule(0, Ev::Issue, target),
            Ev::Commit => {
                // the new leader commits a partially replicated write
                let (key, value) = (self.requests[target].key, self.requests[target].value);
                self.store[key] = Some(value);
            }
        }
        Ok(())
    }

    fn issue(&mut self, c: usize, rec: &mut Recorder) -> lincheck::Result<()> {
        let (read_f, write_f, cas_f) = self.fns.expect("functions interned in start");
        let index = self.requests.len();
        let key = self.rng.below(self.config.keys as u32) as usize;
        let roll = self.rng.below(10);
        let known = self.clients[c].known[key];
        let mut r = Request {
            client: c,
            op: Op::Read,
            key,
            value: 0,
            expected: 0,
            id: OpId(0),
            recorded: false,
            settled: false,
            reply: Reply::None,
            read: None,
        };
        if roll < 4 {
            r.op = Op::Read;
        } else if roll < 8 || known.is_none() {
            r.op = Op::Write;
            r.value = i64::from(self.rng.below(VALUES));
        } else if let Some(seen) = known {
            // an increment, as read-modify-write: cas [last seen, last seen + 1]
            r.op = Op::Cas;
            r.expected = seen;
            r.value = seen + 1;
        }
        self.stats.ops += 1;
        let process = self.clients[c].process;
        let k = key as i64;
        match r.op {
            Op::Read => {
                self.stats.reads += 1;
                r.id = rec.invoke(process, read_f, k, Value::Nil)?;
                r.recorded = true;
            }
            Op::Write => {
                self.stats.writes += 1;
                r.id = rec.invoke(process, write_f, k, r.value)?;
                r.recorded = true;
            }
            Op::Cas => {
                self.stats.cas += 1;
                if self.config.bugs & UNRECORDED_RMW == 0 {
                    r.id = rec.invoke(process, cas_f, k, (r.expected, r.value))?;
                    r.recorded = true;
                }
            }
        }
        self.requests.push(r);
        let delay = self.network_delay();
        self.schedule(delay, Ev::Arrive, index);
        self.schedule(TIMEOUT, Ev::Timeout, index);
        if self.faults() && self.rng.chance(CRASH_RATE) {
            let at = 1 + i64::from(self.rng.below((TIMEOUT - 1) as u32));
            self.schedule(at, Ev::Crash, index);
        }
        Ok(())
    }

    /// The leader applies the request atomically, now.
    fn arrive(&mut self, index: usize) {
        let key = self.requests[index].key;
        let current = self.store[key];
        match self.requests[index].op {
            Op::Read => {
                self.requests[index].read = current;
                self.requests[index].reply = Reply::Ok;
            }
            Op::Write => {
                if self.faults() && self.rng.chance(REJECT_RATE) {
                    self.requests[index].reply = Reply::Rejected;
                    self.stats.rejected += 1;
                } else if self.faults() && self.rng.chance(PARTIAL_RATE) {
                    // Accepted by the leader, replicated to a minority, then a failover: the client hears
                    // "accepted, not committed"; the new leader commits it later, or it is lost.
                    self.requests[index].reply = Reply::Partial;
                    self.stats.partial += 1;
                    if self.rng.below(2) == 0 {
                        let at = 5 + i64::from(self.rng.below(40));
                        self.schedule(at, Ev::Commit, index);
                    }
                } else {
                    self.store[key] = Some(self.requests[index].value);
                    self.requests[index].reply = Reply::Ok;
                }
            }
            Op::Cas => {
                if current == Some(self.requests[index].expected) {
                    self.store[key] = Some(self.requests[index].value);
                    self.requests[index].reply = Reply::Ok;
                } else {
                    self.requests[index].reply = Reply::Mismatch;
                }
            }
        }
        let delay = self.network_delay();
        self.schedule(delay, Ev::Respond, index);
    }

    fn respond(&mut self, index: usize, rec: &mut Recorder) -> lincheck::Result<()> {
        if self.requests[index].settled {
            return Ok(()); // the client gave up on it, or died
        }
        self.requests[index].settled = true;
        let bugs = self.config.bugs;
        let r = &self.requests[index];
        let (c, key, id, recorded) = (r.client, r.key, r.id, r.recorded);
        match r.reply {
            Reply::Ok => {
                if r.op == Op::Read {
                    let mut seen = r.read;
                    if bugs & ZERO_AS_NIL != 0 && seen == Some(0) {
                        seen = None; // "0 means unset"
                    }
                    if recorded {
                        rec.ok_with(id, seen)?;
                    }
                    if r.read.is_some() {
                        self.clients[c].known[key] = r.read;
                    }
                } else {
                    if recorded {
                        rec.ok(id)?;
                    }
                    self.clients[c].known[key] = Some(r.value);
                }
            }
            Reply::Rejected => {
                if recorded {
                    if bugs & REJECTED_WRITE_OK != 0 {
                        rec.ok(id)?;
                    } else {
                        rec.fail(id)?;
                    }
                }
            }
            Reply::Partial => {
                if recorded {
                    if bugs & PARTIAL_WRITE_OK != 0 {
                        rec.ok(id)?;
                    } else {
                        rec.info(id)?;
                    }
                }
                self.next_process(c);
            }
            Reply::Mismatch => {
                if recorded {
                    rec.fail(id)?;
                }
                self.clients[c].known[key] = None;
            }
            Reply::None => {}
        }
        let delay = i64::from(self.rng.below(3));
        self.schedule(delay, Ev::Issue, c);
        Ok(())
    }

    /// A timeout (the client stops waiting) or a crash (the client dies): the request may still take effect.
    fn give_up(&mut self, index: usize, crash: bool, rec: &mut Recorder) -> lincheck::Result<()> {
        if self.requests[index].settled {
            return Ok(());
        }
        self.requests[index].settled = true;
        let (c, id, recorded) = (self.requests[index].client, self.requests[index].id, self.requests[index].recorded);
        if recorded {
            rec.info(id)?;
        }
        self.next_process(c);
        if crash {
            self.stats.crashes += 1;
            for k in &mut self.clients[c].known {
                *k = None;
            }
            let delay = 5 + i64::from(self.rng.below(10));
            self.schedule(delay, Ev::Restart, c);
        } else {
            self.stats.timeouts += 1;
            let delay = i64::from(self.rng.below(3));
            self.schedule(delay, Ev::Issue, c);
        }
        Ok(())
    }

    /// After an indeterminate outcome the client continues as a new process, as Jepsen does.
    fn next_process(&mut self, c: usize) {
        self.clients[c].process += self.config.clients as i64;
    }
}
