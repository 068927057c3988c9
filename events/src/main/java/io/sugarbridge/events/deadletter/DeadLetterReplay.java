package io.sugarbridge.events.deadletter;

import io.sugarbridge.events.delivery.DeliveryOutcome;
import io.sugarbridge.events.delivery.DeliveryState;
import io.sugarbridge.events.delivery.EventProcessor;
import io.sugarbridge.events.delivery.EventProcessor.RetryLater;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends dead letters again once their cause is fixed ({@code sugarbridge events replay}): each is
 * delivered through the same {@link EventProcessor} as live events, with the person's traits as
 * they are now; a delivered one is marked replayed, one that fails again keeps waiting with the new
 * reason.
 */
public final class DeadLetterReplay {
  private final EventProcessor processor;
  private final DeadLetterStore store;

  /** What became of one dead letter. */
  public record Result(long id, String messageId, DeliveryOutcome outcome, String error) {
    public boolean delivered() {
      return outcome != null && outcome.state() != DeliveryState.DEAD_LETTERED;
    }
  }

  public DeadLetterReplay(EventProcessor processor, DeadLetterStore store) {
    this.processor = processor;
    this.store = store;
  }

  /** Replays every waiting dead letter, oldest first. */
  public List<Result> all() {
    List<Result> out = new ArrayList<>();
    for (DeadLetter d : store.waiting()) {
      out.add(replay(d));
    }
    return out;
  }

  /**
   * Replays one dead letter.
   *
   * @throws IllegalArgumentException when there is no such dead letter or it was already replayed
   */
  public Result one(long id) {
    DeadLetter d =
        store
            .get(id)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "there is no dead letter "
                            + id
                            + "; list the waiting ones and their numbers with sugarbridge events"
                            + " replay --list"));
    if (d.replayedAt() != null) {
      throw new IllegalArgumentException(
          "dead letter " + id + " was already delivered by a replay at " + d.replayedAt());
    }
    return replay(d);
  }

  private Result replay(DeadLetter d) {
    EventMessage event;
    try {
      event = EventCodec.decode(d.event().getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return new Result(
          d.id(), d.messageId(), null, "the stored event cannot be read: " + e.getMessage());
    }
    try {
      DeliveryOutcome o = processor.replay(event, d.sequence());
      if (o.state() == DeliveryState.DEAD_LETTERED) {
        store.failedAgain(
            d.id(),
            o.sugarPayload() == null ? null : o.sugarPayload().toString(),
            o.httpStatus(),
            o.sugarError(),
            o.detail());
      } else {
        store.replayed(d.id());
      }
      return new Result(d.id(), d.messageId(), o, null);
    } catch (RetryLater e) {
      return new Result(
          d.id(),
          d.messageId(),
          null,
          "Sugar could not be reached or refused for now: " + e.getMessage());
    }
  }
}
