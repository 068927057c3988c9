package io.sugarbridge.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The writes of a run in flight: at most {@code concurrency} tasks run at once on daemon threads,
 * {@link #submit} waits for a free slot, and the first task that throws stops the run, its failure
 * thrown in the reading thread by the next {@link #submit}, {@link #rethrow} or {@link #awaitAll}.
 */
final class InFlightWrites implements AutoCloseable {
  private final int concurrency;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();

  InFlightWrites(String name, int concurrency) {
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
    this.pool =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "sync-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code task} once a slot is free; throws a failed earlier task's failure instead. */
  void submit(Runnable task) {
    slots.acquireUninterruptibly();
    if (fatal.get() != null) {
      slots.release();
      rethrow();
    }
    pool.execute(
        () -> {
          try {
            task.run();
          } catch (Throwable t) {
            fatal.compareAndSet(null, t);
          } finally {
            slots.release();
          }
        });
  }

  /** Waits until every submitted task has finished, then throws the first failure, if any. */
  void awaitAll() {
    slots.acquireUninterruptibly(concurrency);
    slots.release(concurrency);
    rethrow();
  }

  /** Throws the first failure of a task, if there was one. */
  void rethrow() {
    Throwable t = fatal.get();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  /** Stops the threads; a task still running is interrupted and given 30 seconds. */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
