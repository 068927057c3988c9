package io.sugarbridge.contract.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that needs powers only the in-process sandbox has (fault injection, users with read-only
 * modules, short token lifetimes, extra platforms). Tagged {@code sandbox-only}; against a real
 * instance it is skipped with {@link #value()} as the reason.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("sandbox-only")
public @interface SandboxOnly {
  /** Why a real instance cannot be used, shown in the skip message. */
  String value();
}
