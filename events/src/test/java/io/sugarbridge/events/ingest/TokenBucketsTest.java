package io.sugarbridge.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.sandbox.SandboxClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-23T10:00:00Z"));

  @Test
  void aSenderRotatingKeysCannotGrowTheMapPastItsBound() {
    TokenBuckets<Integer> buckets = new TokenBuckets<>(10, 20, 1000, clock);
    for (int address = 0; address < 100_000; address++) {
      buckets.tryAcquire(address, 5);
      assertThat(buckets.tracked()).isLessThanOrEqualTo(1000);
    }
  }

  @Test
  void fullBucketsAreDroppedFirstSoADrainedSenderStaysLimited() {
    TokenBuckets<String> buckets = new TokenBuckets<>(1, 5, 1000, clock);
    for (int i = 0; i < 999; i++) {
      buckets.tryAcquire("idle-" + i, 1);
    }
    clock.advance(Duration.ofSeconds(1)); // every idle bucket is full again
    assertThat(buckets.tryAcquire("flooder", 5)).isZero();
    for (int i = 0; i < 10; i++) {
      buckets.tryAcquire("new-" + i, 1);
    }
    assertThat(buckets.tracked()).isLessThan(100);
    assertThat(buckets.tryAcquire("flooder", 1)).as("still drained").isPositive();
  }

  @Test
  void whatWasGivenBackCanBeTakenAgain() {
    TokenBuckets<String> buckets = new TokenBuckets<>(1, 5, 10, clock);
    assertThat(buckets.tryAcquire("a", 5)).isZero();
    assertThat(buckets.hasTokens("a")).isFalse();
    buckets.giveBack("a", 3);
    assertThat(buckets.tryAcquire("a", 3)).isZero();
    assertThat(buckets.tryAcquire("a", 1)).isEqualTo(1000);
  }
}
