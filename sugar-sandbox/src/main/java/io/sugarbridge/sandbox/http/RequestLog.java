package io.sugarbridge.sandbox.http;

import io.sugarbridge.sandbox.RequestLogEntry;
import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} requests the sandbox answered, oldest first. */
public final class RequestLog {
  /** Enough for a benchmark run or a test suite, small enough to never matter for memory. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final ArrayDeque<RequestLogEntry> entries = new ArrayDeque<>();

  public RequestLog(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void add(RequestLogEntry entry) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  public synchronized List<RequestLogEntry> snapshot() {
    return List.copyOf(entries);
  }

  public synchronized void clear() {
    entries.clear();
  }
}
