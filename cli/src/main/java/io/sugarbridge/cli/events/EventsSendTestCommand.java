package io.sugarbridge.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.events.config.EventsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge events send-test}: sends one {@code Lead Generated} event to the running
 * collector with the first write key, the way a website would, then follows it in the debugger
 * until it has an outcome and prints the Sugar record id or why it failed. Exit 0 when a record was
 * written, 3 when the event failed (dead letter), 1 when the collector is unreachable or the event
 * did not finish in time.
 */
@Command(
    name = "send-test",
    mixinStandardHelpOptions = true,
    description =
        "Sends one test event through the running collector and reports the Sugar record.")
public final class EventsSendTestCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EventsFileOption eventsFile;

  @Option(names = "--url", description = "The collector's URL, instead of the one in listen:.")
  String url;

  @Option(
      names = "--email",
      description = "The test person's email (default: a new sugarbridge-test+...@example.com).")
  String email;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      description = "Seconds to wait for the outcome (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    EventsConfig c = eventsFile.read();
    String base = url != null ? url.replaceAll("/+$", "") : c.baseUrl();
    PrintWriter out = spec.commandLine().getOut();
    String messageId = "send-test-" + UUID.randomUUID();
    String address =
        email != null ? email : "sugarbridge-test+" + messageId.substring(10, 18) + "@example.com";
    ObjectNode event = JSON.createObjectNode();
    event.put("type", "track");
    event.put("event", "Lead Generated");
    event.put("userId", "sugarbridge-send-test-" + messageId.substring(10, 18));
    event.put("messageId", messageId);
    event.putObject("properties").put("description", "sugarbridge events send-test");
    ObjectNode traits = event.putObject("context").putObject("traits");
    traits.put("first_name", "Test");
    traits.put("last_name", "sugarbridge send-test");
    traits.put("email", address);
    String auth =
        Base64.getEncoder()
            .encodeToString((c.firstWriteKey().reveal() + ":").getBytes(StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> sent;
    try {
      sent =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/track"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Basic " + auth)
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      // The JDK's ConnectException often has no message at all: say what it means.
      throw new SugarbridgeException(
          "nothing answers at "
              + base
              + ": the collector is not running there. Start it with sugarbridge events serve"
              + " --config "
              + eventsFile.config
              + ", or pass --url with the address it listens on",
          e);
    } catch (IOException e) {
      throw new SugarbridgeException(
          "cannot reach the collector at "
              + base
              + " ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "); start it with sugarbridge events serve, or pass --url",
          e);
    }
    if (sent.statusCode() != 200) {
      throw new SugarbridgeException(
          "the collector at "
              + base
              + " refused the test event: HTTP "
              + sent.statusCode()
              + " "
              + sent.body());
    }
    out.println(
        "sent " + messageId + " (" + address + "); acknowledged, following it in the debugger...");
    out.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    String lastState = "pending";
    while (System.nanoTime() < deadline) {
      JsonNode found = find(http, base, messageId);
      if (found != null) {
        lastState = found.path("state").asText();
        switch (lastState) {
          case "created", "updated", "duplicate" -> {
            out.println(
                lastState
                    + " "
                    + c.sugar().instanceUrl()
                    + " record "
                    + found.path("recordId").asText());
            out.flush();
            return ExitCodes.OK;
          }
          case "dead lettered", "no action" -> {
            out.println("failed: " + found.path("detail").asText());
            out.flush();
            return ExitCodes.PARTIAL;
          }
          default -> {}
        }
      }
      Thread.sleep(250);
    }
    throw new SugarbridgeException(
        "the test event was acknowledged but not delivered within "
            + timeoutSeconds
            + " s (last state: "
            + lastState
            + "); open "
            + base
            + "/debugger to see why");
  }

  private static JsonNode find(HttpClient http, String base, String messageId)
      throws InterruptedException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/debugger/events?limit=500"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 403) {
        // debugger: local and a collector on another machine: waiting would only time out.
        throw new SugarbridgeException(
            "the test event was acknowledged, but the collector at "
                + base
                + " does not show its debugger to this machine: "
                + JSON.readTree(r.body()).path("error").asText(r.body()));
      }
      for (JsonNode e : JSON.readTree(r.body())) {
        if (messageId.equals(e.path("messageId").asText())) {
          return e;
        }
      }
    } catch (IOException e) {
      // The collector may be busy; the deadline decides.
    }
    return null;
  }
}
