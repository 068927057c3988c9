package io.sugarbridge.identity.scim;

/**
 * A request the bridge answers with a SCIM error (RFC 7644 section 3.12): the HTTP status, the
 * optional {@code scimType} keyword (such as {@code uniqueness} or {@code invalidFilter}) and a
 * detail that names the attribute at fault and what to send instead.
 */
public final class ScimException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String scimType;

  public ScimException(int status, String scimType, String detail) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }

  public int status() {
    return status;
  }

  /** The RFC 7644 {@code scimType}, or null when the status says enough. */
  public String scimType() {
    return scimType;
  }

  static ScimException notFound(String what) {
    return new ScimException(404, null, what);
  }

  static ScimException invalidValue(String detail) {
    return new ScimException(400, "invalidValue", detail);
  }

  static ScimException invalidSyntax(String detail) {
    return new ScimException(400, "invalidSyntax", detail);
  }

  static ScimException invalidFilter(String detail) {
    return new ScimException(400, "invalidFilter", detail);
  }

  static ScimException invalidPath(String detail) {
    return new ScimException(400, "invalidPath", detail);
  }

  static ScimException uniqueness(String detail) {
    return new ScimException(409, "uniqueness", detail);
  }

  static ScimException mutability(String detail) {
    return new ScimException(400, "mutability", detail);
  }
}
