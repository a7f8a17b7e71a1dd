import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP/1.1 load generator: one selector thread, non-blocking sockets, keep-alive, one request in flight per connection
 * (no pipelining). JDK only; run as {@code java bench/LoadGen.java ...}.
 *
 * <pre>
 * closed loop: --url U --connections N --duration S [--warmup S]
 *              each connection sends its next request when the answer has arrived; counts what completes in the window.
 * open loop:   --url U --rate R --duration S --max-connections M [--warmup S]
 *              requests at fixed intended times 1/R apart, each on an idle connection or a new one (up to M; beyond M the
 *              request is "notSent"); latency from the INTENDED send time (no coordinated omission). Counts the requests
 *              whose intended time is in the window and waits (up to --timeout) for their answers after it.
 * options:     --header 'Name: value' (repeatable), --xff-keys N (X-Forwarded-For: 10.x.y.z cycling over N addresses),
 *              --timeout S (per request, default 10; an unanswered request counts as a timeout error),
 *              --cpu label=pid[,pid...] (repeatable; utime+stime of those processes over the measured window, per
 *              answer; also this process and the machine's busy CPU), --clk-tck N (getconf CLK_TCK, default 100).
 * </pre>
 *
 * Prints one line of JSON: counts per status, errors, goodput (2xx/s), throughput (answers/s), latency percentiles (ms)
 * of all answers, 2xx, non-2xx and 503 answers, from a log-linear histogram (microseconds, < 0.8 % bucket width).
 */
public class LoadGen {

    // ------------------------------------------------------------------------------------------------------------ options
    String url;
    String host;
    int port;
    String path;
    List<String> headers = new ArrayList<>();
    int connections = 0;
    double rate = 0;
    int maxConnections = 1024;
    double durationS = 10;
    double warmupS = 0;
    double timeoutS = 10;
    int xffKeys = 0;
    final List<String> cpuLabels = new ArrayList<>();
    final List<int[]> cpuPids = new ArrayList<>();
    long clkTck = 100;

    boolean open;

    // ------------------------------------------------------------------------------------------------------------ state
    Selector selector;
    InetSocketAddress address;
    byte[] requestPrefix;
    byte[] requestSuffix;
    byte[][] xffLines;
    int nextKey;
    final ByteBuffer rbuf = ByteBuffer.allocateDirect(64 * 1024);
    final ByteBuffer wbuf = ByteBuffer.allocateDirect(16 * 1024);
    final java.util.Set<Conn> all = new java.util.HashSet<>();
    final ArrayDeque<Conn> idle = new ArrayDeque<>();
    final ArrayDeque<long[]> reconnects = new ArrayDeque<>(); // {dueNanos}
    int live; // connections open or connecting
    long t0, measureStart, measureEnd, timeoutNanos;
    boolean stopping;

    // ------------------------------------------------------------------------------------------------------------ results
    long sent, completed, notSent, connectErrors, readErrors, timeouts, connectionsOpened, inFlightCounted;
    final long[] statusCounts = new long[600];
    final Histogram hAll = new Histogram(), h2xx = new Histogram(), hNon2xx = new Histogram(), h503 = new Histogram(), hLag = new Histogram();
    int maxBusy, busy;

    public static void main(String[] args) throws Exception {
        LoadGen g = new LoadGen();
        g.parse(args);
        g.run();
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--url" -> { url = v; i++; }
                case "--header" -> { headers.add(v); i++; }
                case "--connections" -> { connections = Integer.parseInt(v); i++; }
                case "--rate" -> { rate = Double.parseDouble(v); i++; }
                case "--max-connections" -> { maxConnections = Integer.parseInt(v); i++; }
                case "--duration" -> { durationS = Double.parseDouble(v); i++; }
                case "--warmup" -> { warmupS = Double.parseDouble(v); i++; }
                case "--timeout" -> { timeoutS = Double.parseDouble(v); i++; }
                case "--xff-keys" -> { xffKeys = Integer.parseInt(v); i++; }
                case "--cpu" -> { // label=pid[,pid...]: CPU time of those processes over the measured window
                    int eq = v.indexOf('=');
                    if (eq < 1) usage("--cpu label=pid[,pid...]");
                    cpuLabels.add(v.substring(0, eq));
                    String[] ps = v.substring(eq + 1).split(",");
                    int[] pids = new int[ps.length];
                    for (int k = 0; k < ps.length; k++) pids[k] = Integer.parseInt(ps[k].trim());
                    cpuPids.add(pids);
                    i++;
                }
                case "--clk-tck" -> { clkTck = Long.parseLong(v); i++; }
                default -> usage("unknown option " + a);
            }
        }
        if (url == null) usage("--url is required");
        if ((connections > 0) == (rate > 0)) usage("give either --connections (closed loop) or --rate (open loop)");
        open = rate > 0;
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme())) usage("only http:// URLs");
        host = u.getHost();
        port = u.getPort() < 0 ? 80 : u.getPort();
        path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    static void usage(String msg) {
        System.err.println("LoadGen: " + msg);
        System.err.println("usage: java LoadGen.java --url http://127.0.0.1:PORT/path (--connections N | --rate R --max-connections M)"
                + " --duration S [--warmup S] [--timeout S] [--header 'Name: value']... [--xff-keys N] [--cpu label=pid[,pid...]]... [--clk-tck N]");
        System.exit(2);
    }

    // ------------------------------------------------------------------------------------------------------------ run
    void run() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("GET ").append(path).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String h : headers) if (h.regionMatches(true, 0, "host:", 0, 5)) hasHost = true;
        if (!hasHost) sb.append("Host: ").append(host).append(':').append(port).append("\r\n");
        sb.append("User-Agent: loadgen\r\nAccept: */*\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        requestPrefix = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        requestSuffix = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        if (xffKeys > 0) {
            xffLines = new byte[xffKeys][];
            for (int k = 0; k < xffKeys; k++) {
                int n = k + 1;
                xffLines[k] = ("X-Forwarded-For: 10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        address = new InetSocketAddress(host, port);
        selector = Selector.open();
        timeoutNanos = (long) (timeoutS * 1e9);
        t0 = System.nanoTime();
        measureStart = t0 + (long) (warmupS * 1e9);
        measureEnd = measureStart + (long) (durationS * 1e9);

        if (open) runOpen(); else runClosed();

        for (Conn c : all) c.closeQuietly();
        selector.close();
        report();
    }

    void runClosed() throws IOException {
        cpuMark(System.nanoTime());
        for (int i = 0; i < connections; i++) openConn();
        long nextSweep = System.nanoTime() + 50_000_000L;
        while (true) {
            long now = System.nanoTime();
            cpuMark(now);
            if (now >= measureEnd) { cpuAtEnd = cpuNow(); break; }
            while (!reconnects.isEmpty() && reconnects.peekFirst()[0] <= now) { reconnects.pollFirst(); openConn(); }
            long wait = Math.min(measureEnd - now, nextSweep - now);
            if (cpuAtStart == null) wait = Math.min(wait, measureStart - now);
            if (!reconnects.isEmpty()) wait = Math.min(wait, reconnects.peekFirst()[0] - now);
            selector.select(Math.max(1, wait / 1_000_000));
            handleKeys();
            now = System.nanoTime();
            if (now >= nextSweep) { sweepTimeouts(now); nextSweep = now + 50_000_000L; }
        }
    }

    volatile boolean running = true;

    /** Open loop: the coarsest spacing of the generator's wakeups (requests due meanwhile go out together). */
    static final long PACING_NANOS = 250_000L;

    void runOpen() throws IOException {
        double intervalNs = 1e9 / rate;
        long k = 0;
        long nextSweep = System.nanoTime() + 50_000_000L;
        // Selector.select has millisecond timeouts: a timer thread walks the same schedule and wakes the selector when
        // intended times have come (at most every PACING_NANOS), so that neither sends nor reads wait for a coarse select
        // timeout. Every intended time that has passed by then is served by that one wakeup.
        Thread timer = new Thread(() -> {
            long i = 0;
            while (running) {
                long t = t0 + (long) (i * intervalNs);
                if (t >= measureEnd) break;
                long d = t - System.nanoTime();
                if (d > 0) {
                    LockSupport.parkNanos(d);
                    continue;
                }
                selector.wakeup();
                long past = (long) ((System.nanoTime() - t0) / intervalNs) + 1;
                i = Math.max(i + 1, past);
                // Sends go out in batches at most every PACING_NANOS: a wakeup per request cost this generator up to
                // ~100 us of CPU per request at high rates, taken from the cores the server under test shares. The
                // lateness this adds is measured (send lag) and counted in every latency, which runs from the intended time.
                LockSupport.parkNanos(PACING_NANOS);
            }
        }, "loadgen-timer");
        timer.setDaemon(true);
        timer.start();
        try {
            while (true) {
                long now = System.nanoTime();
                cpuMark(now);
                long next = t0 + (long) (k * intervalNs);
                while (next <= now && next < measureEnd) {
                    dispatch(next);
                    k++;
                    next = t0 + (long) (k * intervalNs);
                }
                if (next >= measureEnd) {
                    stopping = true;
                    if (inFlightCounted == 0 || now > measureEnd + timeoutNanos) { cpuAtEnd = cpuNow(); break; }
                }
                long until = stopping ? Math.min(nextSweep, measureEnd + timeoutNanos) : Math.min(next, nextSweep);
                if (until - System.nanoTime() <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, (until - System.nanoTime() + 999_999L) / 1_000_000L));
                }
                handleKeys();
                now = System.nanoTime();
                if (now >= nextSweep) { sweepTimeouts(now); nextSweep = now + 50_000_000L; }
            }
        } finally {
            running = false;
        }
        // Whatever is still in flight past the bound is unanswered: a timeout each.
        for (Conn c : all) if (c.busy && c.counted) { timeouts++; c.busy = false; }
    }

    /** Open loop: an intended request, on an idle connection, a new one, or not at all. */
    void dispatch(long intended) throws IOException {
        boolean counted = intended >= measureStart;
        Conn c = idle.pollFirst();
        if (c == null) {
            if (live >= maxConnections) {
                if (counted) notSent++;
                return;
            }
            c = newConn();
            if (c == null) { if (counted) connectErrors++; return; }
        }
        c.intended = intended;
        c.sentAt = System.nanoTime();
        c.counted = counted;
        c.busy = true;
        busy++;
        if (busy > maxBusy) maxBusy = busy;
        if (counted) { inFlightCounted++; sent++; }
        if (c.connected) send(c);
    }

    /** Closed loop: a new connection that starts sending once connected. */
    void openConn() throws IOException {
        Conn c = newConn();
        if (c != null && c.connected) startClosed(c);
    }

    /** A new non-blocking connection (connected or connecting), or null if the connect failed at once. */
    Conn newConn() throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Conn c = new Conn();
        c.ch = ch;
        c.sentAt = System.nanoTime();
        all.add(c);
        live++;
        connectionsOpened++;
        try {
            if (ch.connect(address)) {
                c.connected = true;
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
            } else {
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            failConnect(c);
            return null;
        }
        return c;
    }

    void onConnected(Conn c) throws IOException {
        if (open) {
            if (c.busy) send(c); else idle.addFirst(c);
        } else {
            startClosed(c);
        }
    }

    void startClosed(Conn c) throws IOException {
        long now = System.nanoTime();
        if (now >= measureEnd) return;
        c.counted = now >= measureStart;
        c.busy = true;
        busy++;
        if (busy > maxBusy) maxBusy = busy;
        send(c);
    }

    void send(Conn c) throws IOException {
        wbuf.clear();
        wbuf.put(requestPrefix);
        if (xffLines != null) {
            wbuf.put(xffLines[nextKey]);
            if (++nextKey == xffLines.length) nextKey = 0;
        }
        wbuf.put(requestSuffix);
        wbuf.flip();
        c.resetParser();
        long now = System.nanoTime();
        if (!open) {
            c.intended = now;
            if (c.counted) sent++;
        }
        c.sentAt = now;
        if (open && c.counted) hLag.record((now - c.intended) / 1000);
        try {
            c.ch.write(wbuf);
        } catch (IOException e) {
            failRead(c);
            return;
        }
        if (wbuf.hasRemaining()) {
            c.pending = ByteBuffer.allocate(wbuf.remaining());
            c.pending.put(wbuf).flip();
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    void handleKeys() throws IOException {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Conn c = (Conn) key.attachment();
            if (!key.isValid() || c.closed) continue;
            if (key.isConnectable()) {
                try {
                    c.ch.finishConnect();
                } catch (IOException e) {
                    failConnect(c);
                    continue;
                }
                c.connected = true;
                key.interestOps(SelectionKey.OP_READ);
                onConnected(c);
                continue;
            }
            if (key.isWritable() && c.pending != null) {
                try {
                    c.ch.write(c.pending);
                } catch (IOException e) {
                    failRead(c);
                    continue;
                }
                if (!c.pending.hasRemaining()) {
                    c.pending = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isValid() && key.isReadable()) read(c);
        }
    }

    void read(Conn c) throws IOException {
        while (!c.closed) {
            rbuf.clear();
            int n;
            try {
                n = c.ch.read(rbuf);
            } catch (IOException e) {
                failRead(c);
                return;
            }
            if (n < 0) {
                onEof(c);
                return;
            }
            if (n == 0) return;
            rbuf.flip();
            if (!c.busy) { // bytes nobody asked for: a protocol error
                failRead(c);
                return;
            }
            c.parse(rbuf, this);
            if (n < rbuf.capacity()) return;
        }
    }

    void onEof(Conn c) throws IOException {
        if (c.busy && c.state == Conn.UNTIL_CLOSE) {
            c.state = Conn.DONE;
            complete(c, false);
            close(c, true);
        } else if (c.busy) {
            failRead(c);
        } else {
            close(c, false); // an idle keep-alive connection the server closed: not an error
        }
    }

    /** A whole response has arrived on c. */
    void complete(Conn c, boolean mayContinue) throws IOException {
        long now = System.nanoTime();
        c.busy = false;
        busy--;
        boolean count = open ? c.counted : (c.counted && now >= measureStart && now <= measureEnd);
        if (open && c.counted) inFlightCounted--;
        if (count) {
            completed++;
            int s = c.status;
            if (s >= 0 && s < statusCounts.length) statusCounts[s]++;
            long us = (now - c.intended) / 1000;
            hAll.record(us);
            if (s >= 200 && s < 300) h2xx.record(us); else hNon2xx.record(us);
            if (s == 503) h503.record(us);
        }
        if (!mayContinue) return;
        if (c.closeAfter) {
            close(c, true);
            return;
        }
        if (open) idle.addFirst(c); else startClosed(c);
    }

    void failConnect(Conn c) throws IOException {
        if (c.busy ? c.counted : (!open && System.nanoTime() >= measureStart)) connectErrors++;
        dropBusy(c);
        close(c, false);
        if (!open && System.nanoTime() < measureEnd) reconnects.addLast(new long[]{System.nanoTime() + 100_000_000L});
    }

    void failRead(Conn c) throws IOException {
        if (c.counted && c.busy) readErrors++;
        dropBusy(c);
        close(c, true);
    }

    void dropBusy(Conn c) {
        if (c.busy) {
            c.busy = false;
            busy--;
            if (open && c.counted) inFlightCounted--;
        }
    }

    /** Closes c; in the closed loop a replacement connection keeps the concurrency. */
    void close(Conn c, boolean replace) throws IOException {
        if (c.closed) return;
        c.closeQuietly();
        live--;
        idle.remove(c);
        all.remove(c);
        if (!open && replace && !stopping && System.nanoTime() < measureEnd) openConn();
    }

    void sweepTimeouts(long now) throws IOException {
        List<Conn> late = null;
        for (Conn c : all) {
            if (c.busy && now - c.sentAt > timeoutNanos) {
                if (late == null) late = new ArrayList<>();
                late.add(c);
            }
        }
        if (late == null) return;
        for (Conn c : late) {
            if (c.counted) timeouts++;
            c.counted = false;
            dropBusy(c);
            close(c, true);
        }
    }

    // ------------------------------------------------------------------------------------------------------------ cpu
    long[] cpuAtStart, cpuAtEnd;

    /**
     * utime + stime (clock ticks) of each label's processes, then of this process, then of all the distinct processes
     * named plus this one, then the machine's busy ticks (all CPUs, /proc/stat), then the wall clock (ns).
     */
    long[] cpuNow() {
        int n = cpuLabels.size();
        long[] t = new long[n + 4];
        java.util.Map<Integer, Long> distinct = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int pid : cpuPids.get(i)) {
                long v = ticks("/proc/" + pid + "/stat");
                t[i] += v;
                distinct.put(pid, v);
            }
        }
        t[n] = ticks("/proc/self/stat");
        t[n + 1] = t[n];
        for (long v : distinct.values()) t[n + 1] += v;
        t[n + 2] = machineBusyTicks();
        t[n + 3] = System.nanoTime();
        return t;
    }

    /** user + nice + system + irq + softirq + steal of the "cpu" line of /proc/stat (all CPUs), in clock ticks. */
    static long machineBusyTicks() {
        try (var r = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/stat"))) {
            String[] f = r.readLine().trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long ticks(String statFile) {
        try {
            String st = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(statFile)), StandardCharsets.ISO_8859_1);
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
            return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    void cpuMark(long now) {
        if (cpuAtStart == null && now >= measureStart) cpuAtStart = cpuNow();
    }

    // ------------------------------------------------------------------------------------------------------------ report
    void report() {
        double d = durationS;
        long ok = 0;
        TreeMap<Integer, Long> st = new TreeMap<>();
        for (int s = 0; s < statusCounts.length; s++) {
            if (statusCounts[s] > 0) st.put(s, statusCounts[s]);
            if (s >= 200 && s < 300) ok += statusCounts[s];
        }
        StringBuilder j = new StringBuilder(512);
        j.append("{\"mode\":\"").append(open ? "open" : "closed").append('"');
        if (open) j.append(",\"rate\":").append(num(rate)).append(",\"maxConnections\":").append(maxConnections);
        else j.append(",\"connections\":").append(connections);
        j.append(",\"durationS\":").append(num(d)).append(",\"warmupS\":").append(num(warmupS));
        j.append(",\"url\":\"").append(url.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        if (xffKeys > 0) j.append(",\"xffKeys\":").append(xffKeys);
        j.append(",\"sent\":").append(sent).append(",\"completed\":").append(completed);
        j.append(",\"status\":{");
        boolean first = true;
        for (var e : st.entrySet()) {
            if (!first) j.append(',');
            first = false;
            j.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        j.append('}');
        j.append(",\"errors\":{\"connect\":").append(connectErrors).append(",\"read\":").append(readErrors)
                .append(",\"timeout\":").append(timeouts).append(",\"total\":").append(connectErrors + readErrors + timeouts).append('}');
        j.append(",\"notSent\":").append(notSent);
        j.append(",\"goodput\":").append(num(ok / d)).append(",\"throughput\":").append(num(completed / d));
        j.append(",\"latencyMs\":{\"all\":").append(hAll.json()).append(",\"2xx\":").append(h2xx.json())
                .append(",\"non2xx\":").append(hNon2xx.json()).append(",\"503\":").append(h503.json()).append('}');
        if (open) j.append(",\"sendLagMs\":").append(hLag.json()); // actual send - intended: the generator's own lateness
        if (cpuAtStart != null && cpuAtEnd != null) {
            j.append(",\"cpu\":{");
            for (int i = 0; i <= cpuLabels.size(); i++) {
                String label = i < cpuLabels.size() ? cpuLabels.get(i) : "loadgen";
                double ms = (cpuAtEnd[i] - cpuAtStart[i]) * 1000.0 / clkTck;
                if (i > 0) j.append(',');
                j.append('"').append(label).append("\":{\"ms\":").append(num(ms))
                        .append(",\"usPerAnswer\":").append(completed > 0 ? num(ms * 1000 / completed) : "null")
                        .append(",\"usPer2xx\":").append(ok > 0 ? num(ms * 1000 / ok) : "null").append('}');
            }
            j.append('}');
            int n = cpuLabels.size();
            double window = (cpuAtEnd[n + 3] - cpuAtStart[n + 3]) / 1e9;
            double busyCores = (cpuAtEnd[n + 2] - cpuAtStart[n + 2]) / (double) clkTck / window;
            double measuredCores = (cpuAtEnd[n + 1] - cpuAtStart[n + 1]) / (double) clkTck / window;
            j.append(",\"machine\":{\"windowS\":").append(num(window)).append(",\"busyCores\":").append(num(busyCores))
                    .append(",\"measuredCores\":").append(num(measuredCores))
                    .append(",\"otherCores\":").append(num(Math.max(0, busyCores - measuredCores))).append('}');
        }
        j.append(",\"connectionsOpened\":").append(connectionsOpened).append(",\"maxInFlight\":").append(maxBusy);
        j.append('}');
        System.out.println(j);
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "null";
        return String.format(Locale.ROOT, "%.3f", v);
    }

    // ------------------------------------------------------------------------------------------------------------ connection
    static final class Conn {
        static final int STATUS = 0, HEADER = 1, BODY = 2, CHUNK_SIZE = 3, CHUNK_DATA = 4, CHUNK_END = 5, TRAILER = 6,
                UNTIL_CLOSE = 7, DONE = 8;
        SocketChannel ch;
        SelectionKey key;
        boolean connected, busy, counted, closed;
        long intended, sentAt;
        ByteBuffer pending;
        // parser
        int state;
        int status;
        long contentLength, remaining;
        boolean chunked, closeAfter;
        final byte[] line = new byte[16 * 1024];
        int lineLen;
        boolean lineTooLong;

        void resetParser() {
            state = STATUS;
            status = -1;
            contentLength = -1;
            remaining = 0;
            chunked = false;
            closeAfter = false;
            lineLen = 0;
            lineTooLong = false;
        }

        void closeQuietly() {
            closed = true;
            try { if (key != null) key.cancel(); ch.close(); } catch (IOException ignored) { }
        }

        /** Consumes buf; calls g.complete when a response is whole. */
        void parse(ByteBuffer buf, LoadGen g) throws IOException {
            while (buf.hasRemaining() && !closed) {
                if (!busy) { g.failRead(this); return; }
                switch (state) {
                    case BODY, CHUNK_DATA -> {
                        int n = (int) Math.min(remaining, buf.remaining());
                        buf.position(buf.position() + n);
                        remaining -= n;
                        if (remaining == 0) {
                            if (state == BODY) { state = DONE; g.complete(this, true); }
                            else { state = CHUNK_END; lineLen = 0; }
                        }
                    }
                    case UNTIL_CLOSE -> buf.position(buf.limit());
                    default -> {
                        // line-oriented states: gather up to '\n'
                        boolean eol = false;
                        while (buf.hasRemaining()) {
                            byte b = buf.get();
                            if (b == '\n') { eol = true; break; }
                            if (lineLen < line.length) line[lineLen++] = b; else lineTooLong = true;
                        }
                        if (!eol) return;
                        int len = lineLen;
                        if (len > 0 && line[len - 1] == '\r') len--;
                        lineLen = 0;
                        if (lineTooLong || !onLine(len, g)) { g.failRead(this); return; }
                    }
                }
            }
        }

        /** One line (without CRLF) in a line-oriented state; false on a protocol error. */
        boolean onLine(int len, LoadGen g) throws IOException {
            switch (state) {
                case STATUS -> {
                    // HTTP/1.x SSS reason
                    if (len < 12 || line[0] != 'H' || line[4] != '/' || line[8] != ' ') return false;
                    int s = 0;
                    for (int i = 9; i < 12; i++) {
                        int d = line[i] - '0';
                        if (d < 0 || d > 9) return false;
                        s = s * 10 + d;
                    }
                    status = s;
                    if (line[7] == '0' && line[5] == '1') closeAfter = true; // HTTP/1.0: closes unless keep-alive
                    state = HEADER;
                }
                case HEADER -> {
                    if (len == 0) {
                        endOfHeaders(g);
                        return true;
                    }
                    if (startsWith("content-length:", len)) {
                        long v = 0;
                        boolean any = false;
                        for (int i = 15; i < len; i++) {
                            byte b = line[i];
                            if (b == ' ' || b == '\t') continue;
                            if (b < '0' || b > '9') return false;
                            v = v * 10 + (b - '0');
                            any = true;
                        }
                        if (!any) return false;
                        contentLength = v;
                    } else if (startsWith("transfer-encoding:", len)) {
                        if (contains("chunked", 18, len)) chunked = true;
                    } else if (startsWith("connection:", len)) {
                        if (contains("close", 11, len)) closeAfter = true;
                        if (contains("keep-alive", 11, len)) closeAfter = false;
                    }
                }
                case CHUNK_SIZE -> {
                    long v = 0;
                    int i = 0;
                    for (; i < len; i++) {
                        int b = line[i];
                        int d;
                        if (b >= '0' && b <= '9') d = b - '0';
                        else if (b >= 'a' && b <= 'f') d = b - 'a' + 10;
                        else if (b >= 'A' && b <= 'F') d = b - 'A' + 10;
                        else break;
                        v = v * 16 + d;
                    }
                    if (i == 0) return false;
                    if (v == 0) state = TRAILER;
                    else { remaining = v; state = CHUNK_DATA; }
                }
                case CHUNK_END -> {
                    if (len != 0) return false;
                    state = CHUNK_SIZE;
                }
                case TRAILER -> {
                    if (len == 0) { state = DONE; g.complete(this, true); }
                }
                default -> { return false; }
            }
            return true;
        }

        void endOfHeaders(LoadGen g) throws IOException {
            if (status >= 100 && status < 200) { // interim answer: the real one follows
                resetParser();
                return;
            }
            if (status == 204 || status == 304) {
                state = DONE;
                g.complete(this, true);
            } else if (chunked) {
                state = CHUNK_SIZE;
            } else if (contentLength >= 0) {
                if (contentLength == 0) { state = DONE; g.complete(this, true); }
                else { remaining = contentLength; state = BODY; }
            } else {
                state = UNTIL_CLOSE;
                closeAfter = true;
            }
        }

        boolean startsWith(String lowerPrefix, int len) {
            int n = lowerPrefix.length();
            if (len < n) return false;
            for (int i = 0; i < n; i++) {
                int b = line[i];
                if (b >= 'A' && b <= 'Z') b += 32;
                if (b != lowerPrefix.charAt(i)) return false;
            }
            return true;
        }

        boolean contains(String lower, int from, int len) {
            int n = lower.length();
            outer:
            for (int i = from; i + n <= len; i++) {
                for (int k = 0; k < n; k++) {
                    int b = line[i + k];
                    if (b >= 'A' && b <= 'Z') b += 32;
                    if (b != lower.charAt(k)) continue outer;
                }
                return true;
            }
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------------------ histogram
    /**
     * Log-linear histogram of microseconds: exact below 256 us, then 128 buckets per power of two (bucket width at most
     * 1/128 of the value, under 0.8 %). Percentiles report the bucket's midpoint; max is exact.
     */
    static final class Histogram {
        static final int LINEAR = 256, SUB = 128, SUB_BITS = 7;
        final long[] counts = new long[LINEAR + (63 - 8) * SUB];
        long total, max;

        void record(long us) {
            if (us < 0) us = 0;
            counts[index(us)]++;
            total++;
            if (us > max) max = us;
        }

        static int index(long v) {
            if (v < LINEAR) return (int) v;
            int e = 63 - Long.numberOfLeadingZeros(v); // >= 8
            int sub = (int) (v >>> (e - SUB_BITS)) - SUB; // 0..127
            return LINEAR + (e - 8) * SUB + sub;
        }

        static double midpoint(int i) {
            if (i < LINEAR) return i;
            int e = (i - LINEAR) / SUB + 8;
            int sub = (i - LINEAR) % SUB;
            long width = 1L << (e - SUB_BITS);
            long lower = (long) (SUB + sub) << (e - SUB_BITS);
            return lower + (width - 1) / 2.0;
        }

        double percentileUs(double p) {
            if (total == 0) return Double.NaN;
            long rank = (long) Math.ceil(p * total);
            if (rank < 1) rank = 1;
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) return Math.min(midpoint(i), max);
            }
            return max;
        }

        String json() {
            if (total == 0) return "{\"count\":0}";
            return "{\"count\":" + total + ",\"p50\":" + ms(percentileUs(0.50)) + ",\"p90\":" + ms(percentileUs(0.90))
                    + ",\"p99\":" + ms(percentileUs(0.99)) + ",\"p999\":" + ms(percentileUs(0.999))
                    + ",\"max\":" + ms(max) + "}";
        }

        static String ms(double us) {
            return String.format(Locale.ROOT, "%.3f", us / 1000.0);
        }
    }
}
