package io.sugarbridge.identity.scim;

/** The schema and message URNs of RFC 7643 and RFC 7644 that the bridge reads and writes. */
public final class ScimSchemas {
  public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  public static final String ENTERPRISE_USER =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  public static final String SERVICE_PROVIDER_CONFIG =
      "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
  public static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
  public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

  /** The media type of every answer. */
  public static final String MEDIA_TYPE = "application/scim+json";

  /**
   * The Content-Type header of every answer: RFC 7644 3.1 bodies are UTF-8 (RFC 8259), and saying
   * so keeps clients (and Jetty, whose default for an unknown type is ISO-8859-1) from guessing.
   */
  public static final String CONTENT_TYPE = MEDIA_TYPE + "; charset=utf-8";

  private ScimSchemas() {}
}
