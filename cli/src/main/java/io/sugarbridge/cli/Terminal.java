package io.sugarbridge.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The person at the keyboard, when there is one: commands that destroy something ask them first
 * ({@code users delete}). Without a terminal (a script, CI, a pipe) nobody can answer, and such a
 * command refuses unless told {@code --yes}.
 */
public final class Terminal {
  private final BufferedReader in;

  private Terminal(BufferedReader in) {
    this.in = in;
  }

  /** No one to ask. */
  static Terminal none() {
    return new Terminal(null);
  }

  /** Answers read line by line from {@code in} (tests, or the console). */
  static Terminal of(Reader in) {
    return new Terminal(in instanceof BufferedReader b ? b : new BufferedReader(in));
  }

  /** The process's console when both standard input and output are a terminal, else none. */
  static Terminal system() {
    Console console = System.console();
    if (console == null || !isTerminal(console)) {
      return none();
    }
    return of(console.reader());
  }

  /** Java 22+ returns a console for redirected streams too; it says whether it is a terminal. */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      // Java 17 to 21: System.console() is non-null only for a terminal.
      return true;
    }
  }

  /** Whether someone can answer a question. */
  public boolean interactive() {
    return in != null;
  }

  /**
   * Asks {@code question} followed by {@code [y/N]} and returns whether the answer was y or yes;
   * anything else, or end of input, is no.
   */
  public boolean confirm(PrintWriter out, String question) {
    if (in == null) {
      return false;
    }
    out.print(question + " [y/N] ");
    out.flush();
    try {
      String answer = in.readLine();
      if (answer == null) {
        out.println();
        return false;
      }
      String a = answer.trim().toLowerCase(Locale.ROOT);
      return a.equals("y") || a.equals("yes");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the answer from the terminal", e);
    }
  }
}
