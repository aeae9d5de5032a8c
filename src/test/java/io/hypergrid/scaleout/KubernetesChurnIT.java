package io.hypergrid.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hypergrid.Requests;
import io.hypergrid.search.SearchService;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Instances that come and go, for real: this test plays KEDA on the real PostgreSQL. Every few seconds it runs the
 * ScaledObject's own query (deploy/kubernetes/base/autoscaling.yaml) on the live queue and starts or stops instances
 * (separate JVMs of the packaged jar) to ceil(outstanding / targetQueryValue) within [0, MAX_REPLICAS]; meanwhile it
 * disrupts busy instances in the middle of a stack, alternately with SIGTERM (scale-down, drain, rolling update) and
 * SIGKILL (a lost node), while four searches of 120 trials with early stopping (successive halving) run. At the end, from the database:
 * every trial finished once, claims and completions add up, and no epoch row was written by a stopped instance
 * after it stopped or survives on a trial another instance finished.
 */
class KubernetesChurnIT {
    private static final int MAX_REPLICAS = 3;          // what 2 cores take; the manifests' maximum is larger
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(2);
    private static final Duration DISRUPT_EVERY = Duration.ofSeconds(20);
    private static final int SEARCHES = 4;      // of 120 trials each: 8 lambdas x 5 etas x 3 seeds
    private static final Duration SCALE_DOWN_WINDOW = Duration.ofSeconds(10); // the manifests: 300 s
    private static final Duration BUDGET = Duration.ofMinutes(6);

    @TempDir
    Path work;
    private String schema;
    private ConfigurableApplicationContext api;
    private final List<Instance> live = new ArrayList<>();
    private final List<Instance> stopped = new ArrayList<>();
    private int started;

    private record Instance(int n, Process process, Instant startedAt) {
    }

    private record Stop(Instance instance, Instant at, Instant exited) {
    }

    @BeforeEach
    void schema() {
        schema = PostgresSupport.freshSchema();
    }

    @AfterEach
    void cleanUp() {
        live.forEach(i -> i.process().destroyForcibly());
        if (api != null) {
            api.close();
        }
        PostgresSupport.dropSchema(schema);
    }

    private Instance start() throws Exception {
        String jar = System.getProperty("hypergrid.jar", "target/hypergrid.jar");
        assertThat(new File(jar)).as("the packaged jar (failsafe runs after package)").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-jar", new File(jar).getAbsolutePath()));
        cmd.addAll(List.of(PostgresSupport.springArguments(schema)));
        cmd.addAll(List.of("--server.port=0", "--hypergrid.data.fetch-on-start=false",
                "--hypergrid.data.dir=target/no-cifar-here", "--hypergrid.workers=1",
                "--hypergrid.execution.stack-size=8", "--hypergrid.execution.heartbeat=2s",
                "--hypergrid.execution.lease=" + LEASE.toSeconds() + "s", "--hypergrid.execution.poll=200ms"));
        int n = ++started;
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("instance-" + n + ".log").toFile()).start();
        Instance i = new Instance(n, p, Instant.now());
        live.add(i);
        return i;
    }

    /** The ScaledObject's query and target, as the manifests give them to KEDA. */
    private static JsonNode trigger() throws Exception {
        for (JsonNode doc : new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readString(Path.of("deploy/kubernetes/base/autoscaling.yaml"))).readAll()) {
            if ("ScaledObject".equals(doc.path("kind").asText())) {
                return doc.path("spec").path("triggers").get(0).path("metadata");
            }
        }
        throw new AssertionError("no ScaledObject in autoscaling.yaml");
    }

    private Instant now(JdbcTemplate db) {
        return db.queryForObject("select current_timestamp", Timestamp.class).toInstant();
    }

    private static String ownerOf(Instance i) {
        return "%:" + i.process().pid() + ":%";
    }

    @Test
    void instancesComeAndGoFollowingTheKedaRuleAndEveryTrialFinishesOnce() throws Exception {
        JsonNode trigger = trigger();
        String query = trigger.path("query").asText();
        double target = Double.parseDouble(trigger.path("targetQueryValue").asText());
        api = ThreeInstancesIT.instance(schema, "--hypergrid.execution.enabled=false");
        SearchService searches = api.getBean(SearchService.class);
        JdbcTemplate db = api.getBean(JdbcTemplate.class);
        List<Long> ids = new ArrayList<>();
        for (int s = 0; s < SEARCHES; s++) {
            ids.add(searches.submit(Requests.from(Map.of("name", "churn-" + s, "dataset", "synthetic",
                    "grid", Map.of("lambda", List.of(0, 0.0001, 0.001, 0.01, 0.1, 0.3, 0.5, 1.0),
                            "eta", List.of(0.001, 0.002, 0.005, 0.01, 0.02)),
                    "fixed", Map.of("epochs", 48, "batchSize", 10, "seed", s), "repeats", 3,
                    "strategy", Map.of("type", "grid", "earlyStopping",
                            Map.of("type", "successiveHalving", "minEpochs", 4, "reductionFactor", 2))))).id());
        }
        int trials = db.queryForObject("select count(*) from trial", Integer.class);

        List<Stop> sigterms = new ArrayList<>();
        List<Stop> sigkills = new ArrayList<>();
        List<Double> releasedAfter = new ArrayList<>();
        List<Double> runningElsewhereAfter = new ArrayList<>();
        Instant begin = Instant.now();
        Instant lastDisruption = Instant.now();
        Instant belowSince = null;
        boolean kill = false;
        long outstanding;
        do {
            outstanding = db.queryForObject(query, Long.class);
            int desired = (int) Math.min(MAX_REPLICAS, Math.ceil(outstanding / target));
            live.removeIf(i -> !i.process().isAlive() && stopped.add(i));
            if (desired > live.size()) {
                belowSince = null;
                while (live.size() < desired) {
                    System.out.printf("churn %5.1f s: outstanding %d -> %d replicas: start instance %d%n",
                            secondsSince(begin), outstanding, desired, start().n());
                }
            } else if (desired < live.size()) {
                belowSince = belowSince == null ? Instant.now() : belowSince;
                if (Duration.between(belowSince, Instant.now()).compareTo(SCALE_DOWN_WINDOW) >= 0) {
                    Instance victim = live.get(live.size() - 1);
                    System.out.printf("churn %5.1f s: outstanding %d -> %d replicas: SIGTERM instance %d (scale-down)%n",
                            secondsSince(begin), outstanding, desired, victim.n());
                    sigterms.add(stop(db, victim, false, false, releasedAfter, runningElsewhereAfter));
                    belowSince = null;
                }
            } else {
                belowSince = null;
            }
            if (Duration.between(lastDisruption, Instant.now()).compareTo(DISRUPT_EVERY) >= 0) {
                Instance busy = live.stream().filter(i -> db.queryForObject("select count(*) from trial where"
                        + " state = 'RUNNING' and epochs_done >= 1 and owner like ?", Integer.class, ownerOf(i)) > 0)
                        .findFirst().orElse(null);
                if (busy != null) {
                    System.out.printf("churn %5.1f s: %s instance %d in the middle of its stack%n", secondsSince(begin),
                            kill ? "SIGKILL (lost node)" : "SIGTERM (drain)", busy.n());
                    (kill ? sigkills : sigterms).add(stop(db, busy, kill, true, releasedAfter, runningElsewhereAfter));
                    kill = !kill;
                    lastDisruption = Instant.now();
                }
            }
            assertThat(Duration.between(begin, Instant.now())).as("the searches finished within the budget: "
                    + outstanding + " outstanding").isLessThan(BUDGET);
            Thread.sleep(TICK.toMillis());
        } while (outstanding > 0 || db.queryForObject("select count(*) from trial where state in ('PENDING',"
                + " 'RUNNING')", Integer.class) > 0);
        double seconds = secondsSince(begin);
        for (Instance i : List.copyOf(live)) {
            System.out.printf("churn %5.1f s: queue empty -> 0 replicas: SIGTERM instance %d%n", secondsSince(begin), i.n());
            sigterms.add(stop(db, i, false, false, new ArrayList<>(), new ArrayList<>()));
        }

        Map<String, Object> counts = db.queryForMap("select count(*) as trials, sum(claims) as claims,"
                + " sum(completions) as completions, sum(case when state = 'SUCCEEDED' then 1 else 0 end) as succeeded,"
                + " sum(case when state = 'PRUNED' then 1 else 0 end) as pruned from trial");
        System.out.printf("churn: %d instances started, %d SIGTERMs, %d SIGKILLs, %d trials in %.0f s: %s%n", started,
                sigterms.size(), sigkills.size(), trials, seconds, counts);
        System.out.printf("churn: SIGTERM to released (PENDING) %s s; SIGTERM to running elsewhere %s s (lease %d s)%n",
                releasedAfter, runningElsewhereAfter, LEASE.toSeconds());

        assertThat(db.queryForList("select distinct state from trial", String.class))
                .as("every trial finished: succeeded or pruned by early stopping").containsOnly("SUCCEEDED", "PRUNED");
        assertThat(db.queryForObject("select count(*) from trial where state = 'SUCCEEDED' and completions <> 1",
                Integer.class)).as("succeeded trials completed exactly once").isZero();
        assertThat(db.queryForObject("select count(*) from trial where state = 'PRUNED' and completions <> 0",
                Integer.class)).as("pruned trials never completed").isZero();
        assertThat(db.queryForObject("select count(*) from trial where claims < attempt", Integer.class))
                .as("each attempt claimed").isZero();
        assertThat(((Number) counts.get("claims")).intValue()).as("claims beyond one per trial: the disrupted ones")
                .isGreaterThan(trials);
        assertThat(((Number) counts.get("pruned")).intValue()).as("early stopping pruned trials").isPositive();
        assertThat(db.queryForObject("select count(*) from epoch_metric m join trial t on t.id = m.trial_id"
                + " where m.written_by is null or (m.written_by <> t.owner and m.epoch > coalesce(t.checkpoint_epoch,"
                + " -1))", Integer.class)).as("every epoch row after a trial's last checkpoint written by the instance"
                + " that finished it").isZero();
        for (Stop s : concat(sigterms, sigkills)) {
            assertThat(db.queryForObject("select count(*) from epoch_metric where written_by like ? and written_at > ?",
                    Integer.class, ownerOf(s.instance()), Timestamp.from(s.exited())))
                    .as("epoch rows of instance " + s.instance().n() + " after it stopped").isZero();
        }
        assertThat(sigterms).as("scale-downs and drains").hasSizeGreaterThanOrEqualTo(2);
        assertThat(sigkills).as("lost nodes").isNotEmpty();
        assertThat(releasedAfter).as("SIGTERMs in the middle of a stack").isNotEmpty()
                .allMatch(t -> t < LEASE.toSeconds(), "released without waiting for the lease");
        assertThat(runningElsewhereAfter).isNotEmpty()
                .allMatch(t -> t < LEASE.toSeconds(), "running elsewhere before the lease would have expired");
        assertThat(db.queryForObject("select count(*) from trial where completions > 1", Integer.class)).isZero();
        ids.forEach(id -> assertThat(searches.status(id).orElseThrow().state().name()).isEqualTo("SUCCEEDED"));
    }

    /**
     * Stops an instance; for a SIGTERM with running trials, waits (in the background of the next ticks would be nicer;
     * here up to the lease) until they are back in the queue and then running on another instance.
     */
    private Stop stop(JdbcTemplate db, Instance victim, boolean kill, boolean replace, List<Double> releasedAfter,
                      List<Double> runningElsewhereAfter) throws Exception {
        List<Long> running = db.queryForList("select id from trial where state = 'RUNNING' and owner like ?",
                Long.class, ownerOf(victim));
        Instant at = now(db);
        if (kill) {
            victim.process().destroyForcibly();
        } else {
            victim.process().destroy(); // SIGTERM
        }
        Double released = null;
        String stillHeld = "select count(*) from trial where state = 'RUNNING' and owner like ? and id in ("
                + running.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("0") + ")";
        while (!kill && !running.isEmpty() && released == null && victim.process().isAlive()) {
            // back in the queue (or already claimed again, or finished in its last mini-batch)
            if (db.queryForObject(stillHeld, Integer.class, ownerOf(victim)) == 0) {
                released = Duration.between(at, now(db)).toMillis() / 1000.0;
            }
            Thread.sleep(50);
        }
        victim.process().waitFor();
        Instant exited = now(db);
        live.remove(victim);
        stopped.add(victim);
        if (replace) {
            // a drained or lost pod: its Deployment creates another at once (KEDA still asks for as many replicas)
            System.out.printf("churn: instance %d replaces instance %d%n", start().n(), victim.n());
        }
        if (!kill && !running.isEmpty()) {
            assertThat(db.queryForObject(stillHeld, Integer.class, ownerOf(victim))).as("trials " + running
                    + " released by instance " + victim.n() + "'s drain; its log ends: " + tail(victim)).isZero();
            releasedAfter.add(released != null ? released : Duration.between(at, exited).toMillis() / 1000.0);
            List<Long> requeued = db.queryForList("select id from trial where id in (" + running.stream()
                    .map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("0") + ") and (owner is null or owner"
                    + " not like ?)", Long.class, ownerOf(victim));
            if (requeued.isEmpty()) {
                return new Stop(victim, at, exited); // its stack finished in its last mini-batch
            }
            Long first = requeued.get(0);
            long deadline = System.nanoTime() + LEASE.toNanos();
            while (System.nanoTime() < deadline) {
                Timestamp again = db.query("select started_at from trial where id = ? and owner is not null"
                                + " and owner not like ? and started_at > ?", rs -> rs.next() ? rs.getTimestamp(1) : null,
                        first, ownerOf(victim), Timestamp.from(at));
                if (again != null) {
                    runningElsewhereAfter.add(Duration.between(at, again.toInstant()).toMillis() / 1000.0);
                    break;
                }
                String state = db.queryForObject("select case when paused then 'PAUSED' else state end from trial"
                        + " where id = ?", String.class, first);
                if (state.equals("PRUNED") || state.equals("CANCELLED") || state.equals("PAUSED")) {
                    // early stopping ended it while it waited in the queue, or it had reached a rung and waits
                    // there for a full stack, as it would have without the drain
                    System.out.printf("churn: trial %d %s after instance %d's drain%n", first, state.toLowerCase(),
                            victim.n());
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(System.nanoTime()).as("trial " + first + " of instance " + victim.n() + " running elsewhere"
                    + " (or ended by early stopping) before the lease would have expired").isLessThan(deadline);
        }
        return new Stop(victim, at, exited);
    }

    private String tail(Instance i) {
        try {
            List<String> lines = Files.readAllLines(work.resolve("instance-" + i.n() + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static double secondsSince(Instant t) {
        return Duration.between(t, Instant.now()).toMillis() / 1000.0;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
