package io.sugarbridge.client.records;

import java.util.regex.Pattern;

/**
 * Which email addresses Sugar accepts on write (sugar-api.md 3.6: an invalid address is a 422
 * {@code "<addr> is an invalid email address"} and nothing is saved): ASCII only, a local part of
 * letters, digits and {@code .!#$%&'*+/=?^_`{|}~-}, then {@code @} and a domain of at least two
 * dot-separated labels of letters, digits and inner hyphens. The sandbox refuses exactly these, so
 * a job that checks here first can say "cannot be done" before it writes anything.
 */
public final class EmailAddressRule {
  private static final Pattern VALID =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

  private EmailAddressRule() {}

  /** Whether Sugar accepts {@code address} (null and empty are not addresses). */
  public static boolean accepts(String address) {
    return address != null && VALID.matcher(address).matches();
  }

  /**
   * Why Sugar would refuse {@code address}, in words that say what to fix, or null when it accepts
   * it.
   */
  public static String problem(String address) {
    if (accepts(address)) {
      return null;
    }
    String why;
    if (address == null || address.isBlank()) {
      why = "it is empty";
    } else if (address.chars().anyMatch(Character::isWhitespace)) {
      why = "it contains a space";
    } else if (address.chars().anyMatch(c -> c > 127)) {
      why = "Sugar accepts only ASCII letters in addresses (no accents or other scripts)";
    } else if (address.indexOf('@') < 0) {
      why = "it has no @";
    } else if (address.indexOf('@') != address.lastIndexOf('@')) {
      why = "it has more than one @";
    } else {
      String domain = address.substring(address.indexOf('@') + 1);
      if (!domain.contains(".")) {
        why = "its domain '" + domain + "' has no dot";
      } else if (domain.contains("..") || domain.startsWith(".") || domain.endsWith(".")) {
        why = "its domain '" + domain + "' has an empty part";
      } else {
        why = "it has a character Sugar does not accept there";
      }
    }
    return "Sugar refuses the email address '" + address + "': " + why;
  }
}
