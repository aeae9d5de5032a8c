package io.hypergrid.training;

import io.hypergrid.dataset.Dtype;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A C-ordered ND4J matrix seen two ways: as a native pointer for BLAS, and as a NIO buffer for the element-wise
 * work that is cheaper in a Java loop than as ND4J ops (each ND4J call costs 10 to 40 us, more than the whole
 * softmax of a mini-batch). Holds its INDArray so the off-heap memory lives as long as this object.
 */
final class NativeMatrix implements AutoCloseable {
    final INDArray array;
    final Dtype dtype;
    final int rows;
    final int columns;
    private final Pointer base;
    /** A reusable pointer moved along the matrix: no allocation per mini-batch. */
    private final Pointer cursor;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final boolean owned;

    private NativeMatrix(INDArray array, Dtype dtype, boolean owned) {
        if (array.ordering() != 'c' || array.rank() != 2 || array.offset() != 0 || array.dataType() != dtype.dataType()) {
            throw new IllegalArgumentException("need a C-ordered " + dtype.id() + " matrix at offset 0");
        }
        this.array = array;
        this.dtype = dtype;
        this.owned = owned;
        this.rows = (int) array.rows();
        this.columns = (int) array.columns();
        Pointer address = array.data().addressPointer();
        if (dtype == Dtype.FLOAT32) {
            base = new FloatPointer(address);
            cursor = new FloatPointer(address);
            floats = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            doubles = null;
        } else {
            base = new DoublePointer(address);
            cursor = new DoublePointer(address);
            floats = null;
            doubles = array.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        }
    }

    static NativeMatrix allocate(Dtype dtype, int rows, int columns) {
        return new NativeMatrix(Nd4j.create(dtype.dataType(), new long[] {rows, columns}, 'c'), dtype, true);
    }

    /** A view of a shared array (the data set): never closed by this object. */
    static NativeMatrix view(INDArray array, Dtype dtype) {
        return new NativeMatrix(array, dtype, false);
    }

    Pointer pointer() {
        return base;
    }

    /** The pointer at element {@code offset}; valid until the next call of this method. */
    Pointer at(long offset) {
        return cursor.position(offset);
    }

    double get(int index) {
        return floats != null ? floats.get(index) : doubles.get(index);
    }

    void set(int index, double value) {
        if (floats != null) {
            floats.put(index, (float) value);
        } else {
            doubles.put(index, value);
        }
    }

    /** Copies {@code length} elements from {@code source} at {@code from} to this matrix at {@code to}. */
    void copy(NativeMatrix source, int from, int to, int length) {
        if (floats != null) {
            floats.put(to, source.floats, from, length);
        } else {
            doubles.put(to, source.doubles, from, length);
        }
    }

    @Override
    public void close() {
        if (owned && array.closeable()) {
            array.close(); // release the off-heap memory now, not at some later GC: long runs stay flat
        }
    }
}
