package io.sugarbridge.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples heap used in a background thread; also reads each pool's usage after its last collection,
 * which is the live set and not the garbage waiting to be collected.
 */
final class HeapSampler implements AutoCloseable {
  final AtomicLong peak = new AtomicLong();
  final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  HeapSampler() {
    thread =
        new Thread(
            () -> {
              while (running.get()) {
                peak.accumulateAndGet(heapUsed(), Math::max);
                peakAfterGc.accumulateAndGet(afterGc(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  long peakAfterGc() {
    return peakAfterGc.get();
  }

  private static long afterGc() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        sum += pool.getCollectionUsage().getUsed();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    running.set(false);
    thread.interrupt();
    long collections = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collections += Math.max(0, gc.getCollectionCount());
    }
    System.out.println("garbage collections so far: " + collections);
  }

  /** Heap used now, garbage included. */
  static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
