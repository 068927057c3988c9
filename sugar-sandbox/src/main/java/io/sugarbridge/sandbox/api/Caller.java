package io.sugarbridge.sandbox.api;

/**
 * The user an access token belongs to, as the application sees it for one request.
 *
 * @param userId the Users record id
 * @param userName the login name
 * @param admin whether the user is a system administrator ({@code is_admin})
 * @param platform the OAuth2 platform the session was opened on
 */
public record Caller(String userId, String userName, boolean admin, String platform) {}
