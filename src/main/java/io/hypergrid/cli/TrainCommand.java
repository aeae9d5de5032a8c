package io.hypergrid.cli;

import io.hypergrid.dataset.Cifar10Layout;
import io.hypergrid.dataset.DatasetException;
import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.Precision;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import io.hypergrid.training.EpochMetrics;
import io.hypergrid.training.InitialWeights;
import io.hypergrid.training.Loss;
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

/** {@code train}: trains one configuration and prints one JSON object with its results, curves and timing. */
public final class TrainCommand implements Command {
    private static final Set<String> OPTIONS = Set.of("data", "dataset", "lambda", "eta", "batch", "epochs", "loss",
            "split", "decay-every", "decay-factor", "seed", "dtype", "init", "save-final");
    private static final Set<String> FLAGS = Set.of("shuffle", "no-curves");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String usage() {
        return """
                train: train one configuration and print one JSON object
                  --lambda L (0)  --eta E (0.001)  --batch N (100)  --epochs N (40)  --loss softmax|bce
                  --split batch1|all  --decay-every N (0 = none)  --decay-factor F (1)  --shuffle  --seed S (0)
                  --dtype float32|float64  --init FILE (W, b as raw little-endian float64)  --save-final FILE
                  --dataset cifar10|synthetic  --data DIR (default $HYPERGRID_DATA_DIR or data/cifar-10-batches-bin)
                  --no-curves""";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, OPTIONS, FLAGS);
        TrainingConfig defaults = TrainingConfig.defaults();
        TrainingConfig config;
        Split split;
        String dataset = args.string("dataset", DatasetLoader.CIFAR10);
        try {
            split = Split.of(args.string("split", Split.BATCH1.id()));
            config = new TrainingConfig(args.number("lambda", defaults.lambda()), args.number("eta", defaults.eta()),
                    args.integer("batch", defaults.batchSize()), args.integer("epochs", defaults.epochs()),
                    Loss.of(args.string("loss", defaults.loss().id())), args.integer("decay-every", 0),
                    args.number("decay-factor", 1), args.flag("shuffle"), args.longInteger("seed", 0),
                    Precision.of(args.string("dtype", defaults.precision().id())));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        if (!dataset.equals(DatasetLoader.CIFAR10) && !dataset.equals("synthetic")) {
            throw new CliException("unknown dataset '" + dataset + "' (cifar10 or synthetic)");
        }
        Path dir = args.path("data", DataDirectory.defaultPath());

        Nd4jRuntime.configure(1);
        long loadStart = System.nanoTime();
        PreparedData data;
        try {
            data = dataset.equals(DatasetLoader.CIFAR10)
                    ? DatasetLoader.cifar10(dir, split, config.precision())
                    : DatasetLoader.synthetic(split, config.precision());
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
        json.put("config", configJson(config, dataset, split.id(), args.has("init") ? args.string("init", null) : null));
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

    private static Map<String, Object> configJson(TrainingConfig c, String dataset, String split, String init) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("split", split);
        m.put("lambda", c.lambda());
        m.put("eta", c.eta());
        m.put("batchSize", c.batchSize());
        m.put("epochs", c.epochs());
        m.put("loss", c.loss().id());
        m.put("decayEvery", c.decayEvery());
        m.put("decayFactor", c.decayFactor());
        m.put("shuffle", c.shuffle());
        m.put("seed", c.seed());
        m.put("dtype", c.precision().id());
        m.put("init", init);
        return m;
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
