package io.hypergrid.training;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import io.hypergrid.dataset.Dtype;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major GEMM and SCAL straight into the OpenBLAS that ND4J's native backend ships and links. The op layer adds
 * 10 to 40 us and checks per call, which at batch 10 would cost more than the products themselves; calling CBLAS
 * on the INDArrays' own buffers does the same arithmetic on the same library without it.
 */
final class Blas {
    private Blas() {
    }

    /** C = alpha op(A) op(B) + beta C, all row-major; op is a transpose when the flag says so. */
    static void gemm(Dtype dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
                     Pointer a, int lda, Pointer b, int ldb, double beta, Pointer c, int ldc) {
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        if (dtype == Dtype.FLOAT32) {
            openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, (FloatPointer) a, lda,
                    (FloatPointer) b, ldb, (float) beta, (FloatPointer) c, ldc);
        } else {
            openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, (DoublePointer) a, lda,
                    (DoublePointer) b, ldb, beta, (DoublePointer) c, ldc);
        }
    }

    /** x = alpha x over n contiguous elements. */
    static void scal(Dtype dtype, int n, double alpha, Pointer x) {
        if (dtype == Dtype.FLOAT32) {
            openblas_nolapack.cblas_sscal(n, (float) alpha, (FloatPointer) x, 1);
        } else {
            openblas_nolapack.cblas_dscal(n, alpha, (DoublePointer) x, 1);
        }
    }
}
