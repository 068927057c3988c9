package io.sugarbridge.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.events.ingest.BodyAdmission.Pool;
import io.sugarbridge.events.ingest.BodyAdmission.Refusal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyAdmissionTest {
  private static InetAddress ip(int last) throws Exception {
    return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
  }

  private static final long MB = 1024 * 1024;

  @Test
  void bodyKeyRequestsCannotTakeTheRoomOfHeaderKeyOnes() throws Exception {
    BodyAdmission a = new BodyAdmission(400 * MB, 8, 4);
    List<BodyAdmission.Ticket> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(a.admit(Pool.BODY_KEY, ip(i), 1000).ticket());
    }
    assertThat(held).doesNotContainNull();

    BodyAdmission.Admitted fifth = a.admit(Pool.BODY_KEY, ip(9), 1000);
    assertThat(fifth.ticket()).isNull();
    assertThat(fifth.refusal()).isEqualTo(Refusal.BODIES);
    for (int i = 0; i < 8; i++) {
      assertThat(a.admit(Pool.HEADER_KEY, ip(20 + i), 1000).ticket()).isNotNull();
    }
    assertThat(a.admit(Pool.HEADER_KEY, ip(40), 1000).refusal()).isEqualTo(Refusal.BODIES);
  }

  @Test
  void bytesAreReservedAtTheMeasuredExpansionAndGivenBack() throws Exception {
    // 100 MB: the header-key pool has 75 MB, room for three 500 KB bodies at 48x (24 MB each).
    BodyAdmission a = new BodyAdmission(100 * MB, 48, 16);
    List<BodyAdmission.Ticket> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(a.admit(Pool.HEADER_KEY, ip(i), 500 * 1024).ticket());
    }
    assertThat(held).doesNotContainNull();
    assertThat(a.taken(Pool.HEADER_KEY)[1]).isEqualTo(3L * 500 * 1024 * 48);
    assertThat(a.admit(Pool.HEADER_KEY, ip(5), 500 * 1024).refusal()).isEqualTo(Refusal.BYTES);
    // A small one still fits beside them.
    BodyAdmission.Ticket small = a.admit(Pool.HEADER_KEY, ip(6), 1000).ticket();
    assertThat(small).isNotNull();
    small.close();

    held.get(0).close();
    held.get(0).close(); // closing twice gives back once
    assertThat(a.taken(Pool.HEADER_KEY)).containsExactly(2, 2L * 500 * 1024 * 48);
    assertThat(a.admit(Pool.HEADER_KEY, ip(5), 500 * 1024).ticket()).isNotNull();
  }

  @Test
  void aBodyLargerThanThePoolGetsInAlone() throws Exception {
    BodyAdmission a = new BodyAdmission(4 * MB, 8, 4); // body-key pool: 1 MB
    BodyAdmission.Ticket big = a.admit(Pool.BODY_KEY, ip(1), 500 * 1024).ticket();
    assertThat(big).isNotNull();
    assertThat(a.admit(Pool.BODY_KEY, ip(2), 10).refusal()).isEqualTo(Refusal.BYTES);
    big.close();
    assertThat(a.taken(Pool.BODY_KEY)).containsExactly(0, 0);
  }

  @Test
  void oneAddressHoldsAtMostAQuarterOfAPool() throws Exception {
    BodyAdmission a = new BodyAdmission(400 * MB, 16, 8);
    for (int i = 0; i < 2; i++) {
      assertThat(a.admit(Pool.BODY_KEY, ip(1), 100).ticket()).isNotNull();
    }
    assertThat(a.admit(Pool.BODY_KEY, ip(1), 100).refusal()).isEqualTo(Refusal.ADDRESS);
    assertThat(a.admit(Pool.BODY_KEY, ip(2), 100).ticket()).isNotNull();
  }

  @Test
  void aRequestWaitsBrieflyForRoomThatIsFreed() throws Exception {
    BodyAdmission a = new BodyAdmission(400 * MB, 4, 1);
    BodyAdmission.Ticket first = a.admit(Pool.BODY_KEY, ip(1), 100).ticket();
    CompletableFuture<BodyAdmission.Admitted> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return a.admit(Pool.BODY_KEY, ip(2), 100);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(50);
    first.close();
    assertThat(second.get(5, TimeUnit.SECONDS).ticket()).isNotNull();

    long start = System.nanoTime();
    assertThat(a.admit(Pool.BODY_KEY, ip(3), 100).ticket()).isNull();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(BodyAdmission.WAIT.toMillis() - 5);
  }

  @Test
  void aJournaledBodyGivesItsSlotBackAtOnceAndItsBytesWhenTheJournalAnswers() throws Exception {
    BodyAdmission a = new BodyAdmission(400 * MB, 4, 1);
    CompletableFuture<long[]> durable = new CompletableFuture<>();
    try (BodyAdmission.Ticket t = a.admit(Pool.HEADER_KEY, ip(1), 1000).ticket()) {
      t.holdBytesUntil(durable);
    }
    assertThat(a.taken(Pool.HEADER_KEY)).containsExactly(0, 48_000);
    durable.complete(new long[] {1});
    assertThat(a.taken(Pool.HEADER_KEY)).containsExactly(0, 0);
  }
}
