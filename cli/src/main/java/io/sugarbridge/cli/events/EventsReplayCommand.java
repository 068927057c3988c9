package io.sugarbridge.cli.events;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.deadletter.DeadLetter;
import io.sugarbridge.events.deadletter.DeadLetterReplay;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.server.Collector;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge events replay}: sends dead letters again after their cause was fixed. Exit 0
 * when every one replayed was delivered, 3 when some failed again or Sugar could not be reached or
 * refused the login for now (they keep waiting, each printed with why), 1 when the dead letter
 * asked for does not exist or was already replayed.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Sends dead-lettered events again once their cause is fixed.")
public final class EventsReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EventsFileOption eventsFile;

  @ArgGroup(multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = "--id", description = "The dead letter to replay (its number).")
    Long id;

    @Option(names = "--all", description = "Replay every waiting dead letter.")
    boolean all;

    @Option(names = "--list", description = "Only list the waiting dead letters and why.")
    boolean list;
  }

  @Override
  public Integer call() {
    EventsConfig c = eventsFile.read();
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    if (which.list) {
      try (DeadLetterStore store = DeadLetterStore.open(c.journalDirectory(), clock)) {
        List<DeadLetter> waiting = store.waiting();
        for (DeadLetter d : waiting) {
          out.println(
              d.id()
                  + "  "
                  + d.createdAt()
                  + "  messageId "
                  + d.messageId()
                  + (d.httpStatus() == 0 ? "" : "  HTTP " + d.httpStatus())
                  + "  tried "
                  + d.attempts()
                  + "x\n    "
                  + d.reason());
        }
        out.println(waiting.size() + " dead letter(s) waiting");
        out.flush();
        return ExitCodes.OK;
      }
    }
    SugarClient client = SugarClient.builder(c.sugar()).build();
    try (Collector collector = Collector.forReplay(c, client, clock)) {
      DeadLetterReplay replay = collector.replay();
      List<DeadLetterReplay.Result> results;
      try {
        results = which.all ? replay.all() : List.of(replay.one(which.id));
      } catch (IllegalArgumentException e) {
        throw new SugarbridgeException(e.getMessage(), e);
      }
      int delivered = 0;
      for (DeadLetterReplay.Result r : results) {
        if (r.delivered()) {
          delivered++;
          out.println(
              "dead letter "
                  + r.id()
                  + " (messageId "
                  + r.messageId()
                  + "): "
                  + r.outcome().state().label()
                  + (r.outcome().recordId() == null ? "" : " " + r.outcome().recordId()));
        } else {
          out.println(
              "dead letter "
                  + r.id()
                  + " (messageId "
                  + r.messageId()
                  + "): still failing: "
                  + (r.error() != null ? r.error() : r.outcome().detail()));
        }
      }
      out.println(
          results.size()
              + " dead letter(s) replayed: "
              + delivered
              + " delivered, "
              + (results.size() - delivered)
              + " still waiting");
      out.flush();
      return delivered == results.size() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
  }
}
