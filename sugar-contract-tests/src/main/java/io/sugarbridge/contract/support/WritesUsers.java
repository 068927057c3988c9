package io.sugarbridge.contract.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that creates (and afterwards deletes) Users. Runs on the sandbox; on a real instance only
 * with {@code -Dsugar.allowUserWrites=true}, because new users may take a licence seat and send
 * notifications.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("user-writes")
public @interface WritesUsers {}
