package io.hypergrid.execution;

/** Why a worker stops a trial before its end. */
enum StopReason {
    /** Its search was cancelled. */
    CANCELLED,
    /** Another worker owns it now (lease expired), or it was finished elsewhere: nothing more may be written. */
    LOST,
    /** This instance is shutting down: the trial goes back to the queue. */
    SHUTDOWN,
    /** Its search's early-stopping rule judged it clearly losing: it ends PRUNED. */
    PRUNED,
    /** It passed a rung of successive halving: it goes back to the queue with its checkpoint, to go on later. */
    PAUSED
}
