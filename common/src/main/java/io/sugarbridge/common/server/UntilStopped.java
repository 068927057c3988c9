package io.sugarbridge.common.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serving until stopped, for every long-running command: {@link #await()} blocks until SIGINT or
 * SIGTERM (a shutdown hook), {@link #stop()}, or an interrupt of the waiting thread, and the server
 * is stopped exactly once, by whichever comes first. The shutdown hook itself stops the server and
 * returns only when it has stopped, so the JVM never exits halfway through a stop (a journal not
 * yet committed, a store not yet closed).
 */
public final class UntilStopped {
  private final AutoCloseable stopping;
  private final Thread hook;
  private final CountDownLatch asked = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean claimed = new AtomicBoolean();

  private UntilStopped(String name, AutoCloseable stopping) {
    this.stopping = stopping;
    this.hook =
        new Thread(
            () -> {
              try {
                stop();
              } catch (RuntimeException e) {
                System.err.println("sugarbridge: could not stop " + name + " cleanly: " + e);
                System.err.flush();
              }
            },
            name + "-shutdown");
  }

  /**
   * Serves a started server until stopped: from now on SIGINT and SIGTERM run {@code stopping}.
   *
   * @param name what runs, for the shutdown thread's name (e.g. {@code scim-bridge})
   * @param stopping stops the server and closes what it used; run once
   */
  public static UntilStopped serve(String name, AutoCloseable stopping) {
    UntilStopped s = new UntilStopped(name, stopping);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /**
   * Blocks until a signal, {@link #stop()} or an interrupt, then returns once the server has
   * stopped. After an interrupt the thread's interrupt flag is set again (after the stop: Jetty
   * does not stop on an interrupted thread).
   */
  public void await() {
    boolean interrupted = false;
    try {
      asked.await();
    } catch (InterruptedException e) {
      interrupted = true;
    }
    try {
      stop();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook runs or ran the stop; nothing to remove.
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops the server unless it was stopped already, and returns once it has stopped (from any
   * thread; a second caller waits for the first one's stop).
   *
   * @throws RuntimeException what stopping threw, to the caller that ran it
   */
  public void stop() {
    asked.countDown();
    boolean interrupted = Thread.interrupted();
    try {
      if (claimed.compareAndSet(false, true)) {
        try {
          stopping.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e.getMessage(), e);
        } finally {
          stopped.countDown();
        }
      } else {
        while (true) {
          try {
            stopped.await();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the server has stopped. */
  public boolean stopped() {
    return stopped.getCount() == 0;
  }
}
