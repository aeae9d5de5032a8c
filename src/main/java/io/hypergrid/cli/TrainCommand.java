package io.hypergrid.cli;

import io.hypergrid.dataset.Cifar10Layout;
import io.hypergrid.dataset.DatasetException;
import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import io.hypergrid.training.EpochMetrics;
import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.training.InitialWeights;
import io.hypergrid.training.Nd4jRuntime;
import io.hypergrid.training.SetMetrics;
import io.hypergrid.training.Trainer;
import io.hypergrid.training.TrainingConfig;
import io.hypergrid.training.TrainingOutcome;
import io.hypergrid.training.TrainingResult;
import io.hypergrid.training.TrainingTask;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code train}: trains one configuration and prints one JSON object with its results, curves and timing. Its
 * options are the table of trial parameters' ({@link Parameters}), plus where the data and weights are.
 */
public final class TrainCommand implements Command {
    private static final Set<String> OPTIONS;
    private static final Set<String> FLAGS;

    static {
        Set<String> options = new java.util.TreeSet<>(Set.of("data", "init", "save-final"));
        Set<String> flags = new java.util.TreeSet<>(Set.of("no-curves"));
        for (Parameter<?> p : Parameters.ALL) {
            (p.kind() == Parameter.Kind.BOOLEAN ? flags : options).add(p.option());
        }
        OPTIONS = Set.copyOf(options);
        FLAGS = Set.copyOf(flags);
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String usage() {
        StringBuilder b = new StringBuilder("train: train one configuration and print one JSON object\n");
        for (Parameter<?> p : Parameters.ALL) {
            b.append(String.format("  --%-14s %s%s%n", p.option() + (p.kind() == Parameter.Kind.BOOLEAN ? "" : " V"),
                    p.description(), p.kind() == Parameter.Kind.BOOLEAN ? "" : " (" + p.expected() + "; default "
                            + p.defaultValue() + ")"));
        }
        return b.append("""
                  --data DIR        the CIFAR-10 batches (default $HYPERGRID_DATA_DIR or data/cifar-10-batches-bin)
                  --init FILE       starting W, b as raw little-endian float64
                  --save-final FILE the final W, b in the same format
                  --no-curves       leave the per-epoch curves out""").toString();
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, OPTIONS, FLAGS);
        Map<Parameter<?>, Object> values = new LinkedHashMap<>();
        for (Parameter<?> p : Parameters.ALL) {
            try {
                values.put(p, p.kind() == Parameter.Kind.BOOLEAN ? (Object) args.flag(p.option())
                        : args.has(p.option()) ? p.parse(args.string(p.option(), null)) : p.defaultValue());
            } catch (IllegalArgumentException e) {
                String given = args.string(p.option(), "");
                throw new CliException("option --" + p.option() + " '" + given + "': " + e.getMessage());
            }
        }
        TrialParameters parameters = TrialParameters.of(values);
        TrainingConfig config = parameters.toTrainingConfig();
        Split split = Split.of(parameters.split());
        String dataset = parameters.dataset();
        Path dir = args.path("data", DataDirectory.defaultPath());

        Nd4jRuntime.configure(1);
        long loadStart = System.nanoTime();
        PreparedData data;
        try {
            data = dataset.equals(DatasetLoader.CIFAR10)
                    ? DatasetLoader.cifar10(dir, split, config.dtype())
                    : DatasetLoader.synthetic(split, config.dtype());
        } catch (DatasetException e) {
            throw new CliException(e.getMessage());
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        if (config.batchSize() > data.train().count()) {
            throw new CliException("--batch " + config.batchSize() + " is above the " + data.train().count()
                    + " training images of split " + split.id());
        }
        InitialWeights init = null;
        if (args.has("init")) {
            try {
                init = InitialWeights.read(args.path("init", null), data.classes(), data.dimensions());
            } catch (IOException e) {
                throw new CliException("--init: " + e.getMessage());
            }
        }

        TrainingOutcome outcome = Trainer.train(data, new TrainingTask(config, init, null, null));
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> configJson = new LinkedHashMap<>();
        parameters.values().forEach((p, v) -> configJson.put(p.name(), v));
        configJson.put("init", args.has("init") ? args.string("init", null) : null);
        json.put("config", configJson);
        json.put("status", outcome.status().name());
        json.put("nTrain", data.train().count());
        json.put("nValidation", data.validation().count());
        json.put("nTest", data.test().count());
        if (outcome.status() != TrainingOutcome.Status.SUCCEEDED) {
            json.put("reason", outcome.reason());
            json.put("epochsCompleted", outcome.epochsCompleted());
            out.println(JsonMapper.builder().build().writeValueAsString(json));
            return 1;
        }
        TrainingResult result = outcome.result();
        if (args.has("save-final")) {
            new InitialWeights(data.classes(), data.dimensions(), result.weights()).write(args.path("save-final", null));
        }
        Map<String, Object> fin = new LinkedHashMap<>();
        putSet(fin, "train", result.train());
        putSet(fin, "validation", result.validation());
        putSet(fin, "test", result.test());
        json.put("final", fin);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < result.testClassAccuracy().length; c++) {
            perClass.put(Cifar10Layout.CLASS_NAMES.get(c), finite(result.testClassAccuracy()[c]));
        }
        json.put("testClassAccuracy", perClass);
        json.put("confusion", result.confusion());
        if (!args.flag("no-curves")) {
            json.put("curves", curves(result.epochs()));
        }
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("loadSeconds", round(loadSeconds));
        timing.put("trainingSeconds", round(result.trainingSeconds()));
        timing.put("descentSeconds", round(result.descentSeconds()));
        timing.put("evaluationSeconds", round(result.trainingSeconds() - result.descentSeconds()));
        timing.put("secondsPerEpoch", round(result.trainingSeconds() / Math.max(1, config.epochs())));
        json.put("timing", timing);
        out.println(JsonMapper.builder().build().writeValueAsString(json));
        return 0;
    }

    private static void putSet(Map<String, Object> into, String prefix, SetMetrics m) {
        into.put(prefix + "Accuracy", m.accuracy());
        into.put(prefix + "Loss", finite(m.loss()));
        into.put(prefix + "Cost", finite(m.cost()));
    }

    private static Map<String, List<Object>> curves(List<EpochMetrics> epochs) {
        Map<String, List<Object>> c = new LinkedHashMap<>();
        column(c, "epoch", epochs, EpochMetrics::epoch);
        column(c, "eta", epochs, EpochMetrics::eta);
        column(c, "trainCost", epochs, e -> e.train().cost());
        column(c, "trainLoss", epochs, e -> e.train().loss());
        column(c, "trainAccuracy", epochs, e -> e.train().accuracy());
        column(c, "validationCost", epochs, e -> e.validation().cost());
        column(c, "validationLoss", epochs, e -> e.validation().loss());
        column(c, "validationAccuracy", epochs, e -> e.validation().accuracy());
        return c;
    }

    private static void column(Map<String, List<Object>> into, String name, List<EpochMetrics> epochs,
                               Function<EpochMetrics, Object> value) {
        List<Object> values = new ArrayList<>(epochs.size());
        epochs.forEach(e -> values.add(value.apply(e)));
        into.put(name, values);
    }

    /** JSON has no NaN: an undefined figure (a class absent from the test set) is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1e4) / 1e4;
    }
}
