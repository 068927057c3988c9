package io.sugarbridge.cli.events;

import io.sugarbridge.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sugarbridge events}: Event delivery: the Segment-compatible collector that turns web
 * events into Sugar records.
 */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description =
        "Event delivery: the Segment-compatible collector that turns web events into Sugar records.",
    subcommands = {
      EventsServeCommand.class,
      EventsReplayCommand.class,
      EventsSendTestCommand.class
    })
public final class EventsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
