package io.sugarbridge.sandbox.app.module;

import java.util.List;

/**
 * A relationship between two modules, as Sugar declares it: many-to-many pairs kept in a join
 * table, or one-to-many where the right-hand record carries the left-hand id in {@code rhsKey}
 * (optionally qualified by a role column such as {@code parent_type = "Accounts"}).
 *
 * @param name e.g. {@code accounts_contacts}
 * @param lhsModule left-hand module
 * @param rhsModule right-hand module
 * @param manyToMany whether pairs live in a join table
 * @param rhsKey the key field on the right-hand record for one-to-many, else null
 * @param roleColumn e.g. {@code parent_type}, or null
 * @param roleValue the value the role column must hold, or null
 * @param fields relationship fields kept with a pair (e.g. {@code contact_role})
 */
public record Relationship(
    String name,
    String lhsModule,
    String rhsModule,
    boolean manyToMany,
    String rhsKey,
    String roleColumn,
    String roleValue,
    List<String> fields) {}
