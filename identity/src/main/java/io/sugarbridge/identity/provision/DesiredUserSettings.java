package io.sugarbridge.identity.provision;

import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.SettingType;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.config.Values;
import java.util.List;

/**
 * The settings of a desired users file, declared once: the columns of a CSV row, which are also the
 * keys of each YAML user ({@link #USER}), and the YAML file's top level ({@link #FILE}). The reader
 * ({@link DesiredUsersFile}), its checks and the tables in {@code docs/users.md} all come from
 * these declarations.
 */
public final class DesiredUserSettings {
  private static final String GROUP_USER = "user";
  private static final String GROUP_FILE = "file";
  static final int MAX_USER_NAME = 60;
  private static final String USER_NAME_MISSING = "user_name is missing";

  /**
   * Text as written, without surrounding spaces; an empty value leaves the field unmanaged (the
   * checks turn it into null), as an empty CSV cell does.
   */
  private static final SettingType<String> TEXT =
      SettingType.of("string", String::trim, "is not text", t -> t);

  /**
   * Active or Inactive in any case, written back as Sugar spells them; empty is Active. Other text
   * is kept for {@link #STATUS}'s check to refuse, so the problem can name the status as written.
   */
  private static final SettingType<String> STATUS_TYPE =
      SettingType.of(
          "one of",
          t -> {
            String s = t.trim();
            if (s.isEmpty() || s.equalsIgnoreCase("active")) {
              return "Active";
            }
            return s.equalsIgnoreCase("inactive") ? "Inactive" : s;
          },
          "is not text",
          t -> t);

  public static final Setting<String> USER_NAME =
      Setting.of("user_name", TEXT)
          .required(USER_NAME_MISSING)
          .allowed("at most " + MAX_USER_NAME + " characters")
          .check(DesiredUserSettings::checkUserName)
          .doc("unique in the file (case-insensitive, as Sugar compares them)")
          .group(GROUP_USER)
          .build();

  public static final Setting<String> FIRST_NAME =
      Setting.of("first_name", TEXT).doc("the user's first name").group(GROUP_USER).build();

  public static final Setting<String> LAST_NAME =
      Setting.of("last_name", TEXT)
          .doc(
              "the user's last name; a new user without one gets their user name (Sugar needs one)")
          .group(GROUP_USER)
          .build();

  public static final Setting<String> EMAIL =
      Setting.of("email", TEXT)
          .allowed("an address Sugar accepts (see below)")
          .doc("becomes the primary address (other addresses are kept)")
          .group(GROUP_USER)
          .build();

  public static final Setting<String> TITLE =
      Setting.of("title", TEXT).doc("the user's job title").group(GROUP_USER).build();

  public static final Setting<String> DEPARTMENT =
      Setting.of("department", TEXT).doc("the user's department").group(GROUP_USER).build();

  public static final Setting<String> MANAGER =
      Setting.of("manager", TEXT)
          .allowed("a user_name in the file, or an existing Sugar user")
          .doc("the manager's user_name")
          .group(GROUP_USER)
          .build();

  public static final Setting<String> STATUS =
      Setting.of("status", STATUS_TYPE)
          .defaultValue("Active")
          .allowed("Active, Inactive")
          .check(
              s ->
                  s.equals("Active") || s.equals("Inactive")
                      ? null
                      : "status '" + s + "' must be Active or Inactive")
          .doc("Active also when empty; Inactive deactivates the user")
          .group(GROUP_USER)
          .build();

  public static final Setting<List<String>> ROLES =
      Setting.list("roles", TEXT)
          .allowed("role names from Admin > Role Management")
          .doc(
              "exactly these roles (links added and removed through `aclroles`); in CSV separated"
                  + " by `;`. Absent or empty leaves roles alone; YAML `roles: []` takes every"
                  + " role away")
          .group(GROUP_USER)
          .build();

  /** One user: a CSV row, or an item of the YAML file's {@code users:} list. */
  public static final Section USER =
      Section.of(USER_NAME, FIRST_NAME, LAST_NAME, EMAIL, TITLE, DEPARTMENT, MANAGER, STATUS, ROLES)
          .withUnknownKeyMessage(
              (key, known) ->
                  "unknown key '"
                      + key
                      + "'"
                      + Suggestions.didYouMean(key, known)
                      + "; known: "
                      + String.join(", ", known));

  public static final Setting<List<Values>> USERS =
      Setting.sections("users", USER)
          .required(
              "expected a top-level 'users:' list of users; write users: and one"
                  + " '- user_name: ...' line per user")
          .doc("the users, each a mapping of the keys in the table above; `users: []` lists none")
          .group(GROUP_FILE)
          .build();

  public static final Setting<List<String>> LICENSE_TYPE =
      Setting.list("license_type", SettingType.string())
          .defaultText("`CURRENT` (the instance's main product)")
          .allowed("subscription keys, e.g. SUGAR_SELL, SUGAR_SERVE")
          .doc("the `license_type` of new users (Sugar 11.6+ requires one); `--license-type` wins")
          .group(GROUP_FILE)
          .build();

  /** The top level of a YAML file. */
  public static final Section FILE =
      Section.of(USERS, LICENSE_TYPE)
          .withUnknownKeyMessage(
              (key, known) ->
                  "unknown top-level key '"
                      + key
                      + "'"
                      + Suggestions.didYouMean(key, known)
                      + "; known: "
                      + String.join(", ", known));

  private DesiredUserSettings() {}

  private static String checkUserName(String userName) {
    if (userName.isEmpty()) {
      return USER_NAME_MISSING;
    }
    if (userName.length() > MAX_USER_NAME) {
      return "user_name '" + userName + "' is longer than Sugar's " + MAX_USER_NAME + " characters";
    }
    return null;
  }
}
