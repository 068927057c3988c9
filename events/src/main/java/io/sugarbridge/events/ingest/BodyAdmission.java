package io.sugarbridge.events.ingest;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The budget, across all clients, for request bodies being received and parsed at once: a number of
 * bodies (each holds a request thread while it arrives) and a number of bytes of heap they may take
 * (a body is parsed into a tree several times its size). A request takes its share before its body
 * is read and gives it back when it is answered; one that cannot get it within {@link #WAIT} is
 * refused (503, retry later) instead of queueing without end. So neither many addresses sending
 * slow bodies, nor everyone behind one proxy sending large ones, can take every thread or fill the
 * heap.
 *
 * <p>Requests whose write key is only in the body (no {@code Authorization} header: the body must
 * be read before the key is known, so anyone can send them) draw on a smaller pool of their own,
 * {@link #BODY_KEY_SLOTS} bodies and a quarter of the bytes, and can never take what requests that
 * proved their key in the header use. In each pool one client address may hold at most a quarter of
 * the bodies.
 */
final class BodyAdmission {
  /**
   * Bytes of heap a request may take per byte of body, measured (Jackson 2.20, 64-bit JDK 17,
   * compressed oops) as the body itself plus its Jackson tree plus the events read from it and
   * their encoded journal entries, held together until the answer, for 480 KB bodies of different
   * shapes: realistic analytics-node track batches (700 B events) 8.9x; 30 KB events 3.1x; a
   * property holding an array of {@code {}} 29.8x, of {@code {"a":{}}} 32.7x, of {@code []} 19.1x;
   * the worst found, a batch of ~30,000 tiny page events ({@code {"type":"page","userId":"p1"}}:
   * each becomes an event with a generated messageId and times) 41.8x. Rounded up to 48 so that the
   * worst shape a sender can choose still fits in what it reserved.
   */
  static final int EXPANSION_FACTOR = 48;

  /** Share of the heap ({@link Runtime#maxMemory()}) that bodies in progress may take. */
  static final double HEAP_SHARE = 0.4;

  /**
   * Bodies of header-authenticated requests received and parsed at once. Each holds a request
   * thread while its body arrives (the server has 250), so this leaves threads for the rest.
   */
  static final int HEADER_KEY_SLOTS = 48;

  /** Bodies of requests with the write key only in the body, received and parsed at once. */
  static final int BODY_KEY_SLOTS = 16;

  /** How long a request waits for room before it is refused with 503. */
  static final Duration WAIT = Duration.ofMillis(250);

  /** Which pool a request draws on. */
  enum Pool {
    /** The write key was in the Authorization header, and was right. */
    HEADER_KEY,
    /** No Authorization header: the key, if any, is in the body. */
    BODY_KEY
  }

  /** Why a request could not be admitted. */
  enum Refusal {
    /** Every body of the pool is taken. */
    BODIES,
    /** The pool's bytes are taken. */
    BYTES,
    /** The client address holds its most bodies of the pool. */
    ADDRESS
  }

  private final Budget headerKey;
  private final Budget bodyKey;

  BodyAdmission(long bytes, int headerSlots, int bodySlots) {
    this.headerKey = new Budget(headerSlots, bytes - bytes / 4);
    this.bodyKey = new Budget(bodySlots, bytes / 4);
  }

  /** The budget for this JVM's heap. */
  static BodyAdmission forHeap() {
    return new BodyAdmission(
        (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE), HEADER_KEY_SLOTS, BODY_KEY_SLOTS);
  }

  /** The bytes reserved for a body of {@code bodyBytes} (its declared size, or the limit). */
  static long reservationFor(long bodyBytes) {
    return bodyBytes * EXPANSION_FACTOR;
  }

  /** The most bodies, and bytes, of {@code pool}. */
  int slots(Pool pool) {
    return budget(pool).slots;
  }

  long bytes(Pool pool) {
    return budget(pool).bytes;
  }

  private Budget budget(Pool pool) {
    return pool == Pool.HEADER_KEY ? headerKey : bodyKey;
  }

  /**
   * Takes a body's share of {@code pool} for {@code client}, waiting at most {@link #WAIT}.
   *
   * @param bodyBytes the body's size as announced, or the most it may be when not announced
   */
  Admitted admit(Pool pool, InetAddress client, long bodyBytes) {
    return budget(pool).admit(client, reservationFor(bodyBytes));
  }

  /** What a refused sender is told: which limit of {@code pool} was full, and what to do. */
  String refusalMessage(Pool pool, Refusal why, InetAddress client) {
    boolean headerKey = pool == Pool.HEADER_KEY;
    String which =
        headerKey
            ? "requests with the write key in the Authorization header"
            : "requests with the write key only in the body";
    String what =
        switch (why) {
          case ADDRESS ->
              "client address "
                  + client.getHostAddress()
                  + " already has the most request bodies one address may send at once ("
                  + Math.max(1, slots(pool) / 4)
                  + " "
                  + which
                  + ")";
          case BODIES ->
              "the collector is already receiving as many request bodies as it takes at once ("
                  + slots(pool)
                  + " "
                  + which
                  + ")";
          case BYTES ->
              "the request bodies being received fill the memory set aside for them ("
                  + bytes(pool) / (1024 * 1024)
                  + " MB for "
                  + which
                  + ", a share of the heap: raise -Xmx for more)";
        };
    return what
        + "; retry after 1 s"
        + (headerKey
            ? ""
            : " (or send the write key as the HTTP Basic user name, which has a larger share)");
  }

  /** A ticket, or why there is none. */
  record Admitted(Ticket ticket, Refusal refusal) {}

  /** One pool: bodies, bytes, and bodies per address. */
  private static final class Budget {
    final int slots;
    final long bytes;
    final int perAddress;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int slotsTaken;
    private long bytesTaken;

    Budget(int slots, long bytes) {
      this.slots = slots;
      this.bytes = bytes;
      this.perAddress = Math.max(1, slots / 4);
    }

    Admitted admit(InetAddress client, long wanted) {
      // A body larger than the whole pool still gets in, alone: refusing it forever would be worse.
      long need = Math.min(wanted, bytes);
      long deadline = System.nanoTime() + WAIT.toNanos();
      lock.lock();
      try {
        while (true) {
          Refusal why = null;
          if (byAddress.getOrDefault(client, 0) >= perAddress) {
            why = Refusal.ADDRESS;
          } else if (slotsTaken >= slots) {
            why = Refusal.BODIES;
          } else if (bytesTaken + need > bytes) {
            why = Refusal.BYTES;
          }
          if (why == null) {
            slotsTaken++;
            bytesTaken += need;
            byAddress.merge(client, 1, Integer::sum);
            return new Admitted(new Ticket(this, client, need), null);
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return new Admitted(null, why);
          }
          try {
            freed.awaitNanos(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Admitted(null, why);
          }
        }
      } finally {
        lock.unlock();
      }
    }

    void release(InetAddress client, boolean slot, long releasedBytes) {
      lock.lock();
      try {
        if (slot) {
          slotsTaken--;
          byAddress.computeIfPresent(client, (a, n) -> n <= 1 ? null : n - 1);
        }
        bytesTaken -= releasedBytes;
        freed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * A body's share. Its slot is given back once the body is read and its events handed to the
   * journal ({@link #holdBytesUntil}); its bytes once the request is answered ({@link #close}, or
   * when the journal's future completes).
   */
  static final class Ticket implements AutoCloseable {
    private final Budget budget;
    private final InetAddress client;
    private final long bytes;
    private final AtomicBoolean slotHeld = new AtomicBoolean(true);
    private final AtomicBoolean bytesHeld = new AtomicBoolean(true);
    private volatile boolean deferred;

    private Ticket(Budget budget, InetAddress client, long bytes) {
      this.budget = budget;
      this.client = client;
      this.bytes = bytes;
    }

    /** Gives the slot back now and the bytes once {@code answered} completes. */
    void holdBytesUntil(CompletableFuture<?> answered) {
      deferred = true;
      releaseSlot();
      answered.whenComplete((r, e) -> releaseBytes());
    }

    private void releaseSlot() {
      if (slotHeld.compareAndSet(true, false)) {
        budget.release(client, true, 0);
      }
    }

    private void releaseBytes() {
      if (bytesHeld.compareAndSet(true, false)) {
        budget.release(client, false, bytes);
      }
    }

    /** Gives back everything, unless the bytes were handed to {@link #holdBytesUntil}. */
    @Override
    public void close() {
      releaseSlot();
      if (!deferred) {
        releaseBytes();
      }
    }
  }

  /** For tests: the bodies and bytes taken now from {@code pool}. */
  long[] taken(Pool pool) {
    Budget b = budget(pool);
    b.lock.lock();
    try {
      return new long[] {b.slotsTaken, b.bytesTaken};
    } finally {
      b.lock.unlock();
    }
  }
}
