package io.sugarbridge.contract.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class of the Sugar API contract: its tests receive a {@link SugarWire}, {@link
 * SugarTarget} or {@link Scratch} as parameters, pointed at the server chosen by {@link
 * SugarTargetExtension}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SugarTargetExtension.class)
public @interface ContractTest {}
