package io.sugarbridge.identity.directory;

/**
 * Values Sugar needs on every user that the source may lack. Sugar's user form refuses a user
 * without a last name, and a user saved through the API with an empty one shows as a blank in every
 * list; so where the desired-users file or the identity provider gives none, the user name stands
 * in. {@code users apply} and the SCIM bridge both take it from here, so a user gets the same last
 * name whichever way it was provisioned.
 */
public final class RequiredUserFields {
  private RequiredUserFields() {}

  /** {@code lastName} when it has text, else {@code userName}. */
  public static String lastName(String lastName, String userName) {
    return lastName != null && !lastName.isBlank() ? lastName : userName;
  }
}
