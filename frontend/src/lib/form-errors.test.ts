import { describe, expect, it } from "vitest";

import { firstInvalidField, hasErrors, mapUserErrors } from "./form-errors";
import type { UserError } from "./graphql/types";

const FIELDS = ["displayName", "email", "password"] as const;

function error(field: string | null, message: string, code = "INVALID"): UserError {
  return { field, code, message };
}

describe("mapUserErrors", () => {
  it("puts each message beside the field the server named", () => {
    const result = mapUserErrors(
      [
        error("email", "Enter a valid email address."),
        error("password", "Use at least 8 characters for the password.", "TOO_SHORT"),
      ],
      FIELDS,
    );
    expect(result.fields).toEqual({
      email: "Enter a valid email address.",
      password: "Use at least 8 characters for the password.",
    });
    expect(result.form).toEqual([]);
  });

  it("shows errors without a field above the form", () => {
    const result = mapUserErrors(
      [error(null, "Email or password is incorrect.", "INVALID_CREDENTIALS")],
      FIELDS,
    );
    expect(result.fields).toEqual({});
    expect(result.form).toEqual(["Email or password is incorrect."]);
  });

  it("shows errors about fields the form does not render above the form", () => {
    const result = mapUserErrors([error("homeMarket", "Choose a market.")], FIELDS);
    expect(result.fields).toEqual({});
    expect(result.form).toEqual(["Choose a market."]);
  });

  it("matches a dotted input path on its last segment", () => {
    const result = mapUserErrors([error("input.displayName", "Enter a display name.")], FIELDS);
    expect(result.fields.displayName).toBe("Enter a display name.");
  });

  it("joins several messages for one field and drops repeated form messages", () => {
    const result = mapUserErrors(
      [
        error("password", "Too short."),
        error("password", "Too common."),
        error(null, "Try again."),
        error(null, "Try again."),
      ],
      FIELDS,
    );
    expect(result.fields.password).toBe("Too short. Too common.");
    expect(result.form).toEqual(["Try again."]);
  });

  it("does not match field names by case-insensitive accident", () => {
    const result = mapUserErrors([error("Email", "Bad.")], FIELDS);
    expect(result.fields).toEqual({});
    expect(result.form).toEqual(["Bad."]);
  });
});

describe("firstInvalidField / hasErrors", () => {
  it("picks the first field in the form's order, not the server's", () => {
    const result = mapUserErrors(
      [error("password", "Too short."), error("displayName", "Required.")],
      FIELDS,
    );
    expect(firstInvalidField(result, FIELDS)).toBe("displayName");
    expect(hasErrors(result)).toBe(true);
  });

  it("finds nothing when only the form as a whole is at fault", () => {
    const result = mapUserErrors([error(null, "Nope.")], FIELDS);
    expect(firstInvalidField(result, FIELDS)).toBeNull();
    expect(hasErrors(result)).toBe(true);
    expect(hasErrors(mapUserErrors([], FIELDS))).toBe(false);
  });
});
