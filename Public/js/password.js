// The server's password policy (PasswordPolicy in VTONDomain), checked before sending so the
// form says what is wrong in the user's language: 8 characters to 72 bytes of UTF-8, a letter
// and a digit or symbol, and not the username.
export const PASSWORD_MIN = 8;
const MAX_BYTES = 72;

/** → null when the server would accept the password, else the locale key saying why not. */
export function passwordProblem(password, username = '') {
  if ([...password].length < PASSWORD_MIN) return 'errors.WEAK_PASSWORD';
  if (new TextEncoder().encode(password).length > MAX_BYTES) return 'password.tooLong';
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) return 'errors.WEAK_PASSWORD';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'password.hasUsername';
  return null;
}
