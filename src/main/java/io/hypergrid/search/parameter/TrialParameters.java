package io.hypergrid.search.parameter;

import io.hypergrid.dataset.Dtype;
import io.hypergrid.training.Loss;
import io.hypergrid.training.TrainingConfig;
import jakarta.persistence.Embeddable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial's parameters: a component per entry of {@link Parameters}, of the same name (checked when the class
 * loads), stored in the {@code trial} table's columns of the same names. {@code loss}, {@code split} and
 * {@code dtype} hold their API names ("softmax", "batch1", "float32").
 */
@Embeddable
public record TrialParameters(String dataset, String split, double lambda, double eta, int batchSize, int epochs,
                              String loss, int decayEvery, double decayFactor, boolean shuffle, long seed,
                              String dtype, double initStd) {

    private static final Map<Parameter<?>, MethodHandle> ACCESSORS = new HashMap<>();
    private static final MethodHandle CONSTRUCTOR;

    static {
        RecordComponent[] components = TrialParameters.class.getRecordComponents();
        if (components.length != Parameters.ALL.size()) {
            throw new IllegalStateException("TrialParameters has " + components.length + " components, the table "
                    + Parameters.ALL.size() + " parameters");
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < components.length; i++) {
                Parameter<?> p = Parameters.ALL.get(i);
                RecordComponent c = components[i];
                if (!c.getName().equals(p.name()) || MethodType.methodType(c.getType()).wrap().returnType() != p.type()) {
                    throw new IllegalStateException("component " + i + " of TrialParameters is " + c.getType()
                            + " " + c.getName() + ", the table's parameter " + i + " is " + p.type().getSimpleName()
                            + " " + p.name() + ": keep the two in the same order");
                }
                ACCESSORS.put(p, lookup.unreflect(c.getAccessor()));
            }
            CONSTRUCTOR = lookup.findConstructor(TrialParameters.class, MethodType.methodType(void.class,
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Every parameter at its default, of this data set. */
    public static TrialParameters defaults(String dataset) {
        Map<Parameter<?>, Object> values = new HashMap<>();
        Parameters.ALL.forEach(p -> values.put(p, p.defaultValue()));
        values.put(Parameters.DATASET, dataset);
        return of(values);
    }

    /** From a value per parameter (each of its parameter's type); every parameter of the table must be given. */
    public static TrialParameters of(Map<Parameter<?>, ?> values) {
        Object[] args = new Object[Parameters.ALL.size()];
        for (int i = 0; i < args.length; i++) {
            Parameter<?> p = Parameters.ALL.get(i);
            if (!values.containsKey(p)) {
                throw new IllegalArgumentException("no value for " + p.name());
            }
            args[i] = p.type().cast(values.get(p));
        }
        try {
            return (TrialParameters) CONSTRUCTOR.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parameters of the current row of a result set that selected {@link Parameters#columns()}. */
    public static TrialParameters read(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<Parameter<?>, Object> values = new HashMap<>();
        for (Parameter<?> p : Parameters.ALL) {
            values.put(p, switch (p.kind()) {
                case NUMBER -> rs.getDouble(p.column());
                case INTEGER -> p.type() == Long.class ? (Object) rs.getLong(p.column()) : (Object) rs.getInt(p.column());
                case CHOICE -> rs.getString(p.column());
                case BOOLEAN -> rs.getBoolean(p.column());
            });
        }
        return of(values);
    }

    /** One parameter's value, boxed. */
    public <T extends Comparable<? super T>> T get(Parameter<T> parameter) {
        try {
            return parameter.type().cast(ACCESSORS.get(parameter).invoke(this));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same parameters with one changed. */
    public <T extends Comparable<? super T>> TrialParameters with(Parameter<T> parameter, T value) {
        Map<Parameter<?>, Object> values = values();
        values.put(parameter, value);
        return of(values);
    }

    /** A value per parameter, in table order. */
    public Map<Parameter<?>, Object> values() {
        Map<Parameter<?>, Object> values = new java.util.LinkedHashMap<>();
        Parameters.ALL.forEach(p -> values.put(p, get(p)));
        return values;
    }

    /** The values of the stack key's parameters: trials with equal keys can train in one stack. */
    public List<Object> stackKey() {
        return Parameters.stackKey().stream().<Object>map(this::get).toList();
    }

    /** The trainer's configuration of these parameters. */
    public TrainingConfig toTrainingConfig() {
        return new TrainingConfig(lambda, eta, batchSize, epochs, Loss.of(loss), decayEvery, decayFactor, shuffle,
                seed, Dtype.of(dtype), initStd);
    }
}
