# A FIFO-queue history hard for any WGL search (awk -v N=300 -v SEED=2 -f hard_queue.awk): N operations
# from 4 clients, enqueued values repeated (1, 2, 3, 1, ...), 55% enqueues, dequeues of an empty queue,
# long-tailed durations (a few slow operations overlap many others), every 25th operation a dequeue whose
# client crashed (logged info, after taking effect). Its search grows by hundreds of MB a second. (With
# unique values the search's FIFO pruning, fifo_order.hpp, decides it in milliseconds; with repeated
# values and no crashed dequeue, its ranked copies, issue 17, in about a second.)
# Deterministic: its own random numbers (Park and Miller's, exact in doubles), the same under any awk.
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
BEGIN {
    seed = SEED; clients = 4; values = 0
    for (i = 0; i < N; i++) {
        c = int(rnd() * clients)
        start = t[c] + rnd(); dur = (1 - rnd()) ^ (-1 / 1.2); t[c] = start + dur
        eff[i] = start + rnd() * dur; who[i] = c; s[i] = start; e[i] = start + dur
        if (rnd() < 0.55) { f[i] = "enqueue"; v[i] = (++values % 3) + 1 } else { f[i] = "dequeue"; v[i] = "null" }
    }
    # Apply the operations in order of their effect (a simple sort: N is small).
    for (i = 0; i < N; i++) order[i] = i
    for (i = 1; i < N; i++) { x = order[i]; for (j = i - 1; j >= 0 && eff[order[j]] > eff[x]; j--) order[j + 1] = order[j]; order[j + 1] = x }
    head = 0; tail = 0
    for (k = 0; k < N; k++) {
        i = order[k]
        if (f[i] == "enqueue") { q[tail++] = v[i]; r[i] = v[i] } else { r[i] = head < tail ? q[head++] : "null" }
    }
    # Events: invokes and completions in time order (invokes first at equal times).
    m = 0
    for (i = 0; i < N; i++) { et[m] = s[i]; ek[m] = 0; ei[m++] = i; et[m] = e[i]; ek[m] = 1; ei[m++] = i }
    for (a = 1; a < m; a++) {
        xt = et[a]; xk = ek[a]; xi = ei[a]
        for (b = a - 1; b >= 0 && (et[b] > xt || (et[b] == xt && ek[b] > xk)); b--) { et[b + 1] = et[b]; ek[b + 1] = ek[b]; ei[b + 1] = ei[b] }
        et[b + 1] = xt; ek[b + 1] = xk; ei[b + 1] = xi
    }
    for (a = 0; a < m; a++) {
        i = ei[a]
        if (ek[a] == 0) printf "{\"process\":%d,\"type\":\"invoke\",\"f\":\"%s\",\"value\":%s}\n", who[i], f[i], v[i]
        else if (f[i] == "dequeue" && i % 25 == 7) printf "{\"process\":%d,\"type\":\"info\",\"f\":\"dequeue\",\"value\":null}\n", who[i]
        else printf "{\"process\":%d,\"type\":\"ok\",\"f\":\"%s\",\"value\":%s}\n", who[i], f[i], r[i]
    }
}
