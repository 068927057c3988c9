package io.sugarbridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  @Test
  void returnsAsSoonAsTheConditionHoldsCheckingInTheCallingThread() {
    AtomicInteger polls = new AtomicInteger();
    Thread caller = Thread.currentThread();
    Await.until(
        "the third poll",
        Duration.ofSeconds(10),
        () -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          return polls.incrementAndGet() == 3;
        });
    assertThat(polls).hasValue(3);
    Await.until("at once", Duration.ofSeconds(10), () -> true);
  }

  @Test
  void aTimeoutIsAnAssertionErrorNamingWhatWasAwaited() {
    assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(200), () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 200 ms waiting for the impossible");
    assertThatThrownBy(() -> Await.value("nothing", Duration.ofSeconds(1), () -> null))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 1 s waiting for nothing");
  }

  @Test
  void anExceptionOfTheConditionEndsTheWaitAsItIs() {
    AtomicInteger polls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Await.until(
                    "a failing check",
                    Duration.ofSeconds(10),
                    () -> {
                      polls.incrementAndGet();
                      throw new AssertionError("the process died");
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessage("the process died");
    assertThat(polls).hasValue(1);
  }

  @Test
  void valueReturnsTheFirstNonNullValue() {
    AtomicInteger polls = new AtomicInteger();
    String v =
        Await.value(
            "a value", Duration.ofSeconds(10), () -> polls.incrementAndGet() < 3 ? null : "found");
    assertThat(v).isEqualTo("found");
  }
}
