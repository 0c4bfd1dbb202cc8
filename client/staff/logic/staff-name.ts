/** How staff are named where people read it (issue 23): the assign list, the users list, the audit log. Pure. */

/** "Anne Hansen, sygeplejerske" when an admin gave a full name (and title), else the username. */
export function staffName(user: { username: string; fullName?: string | null; title?: string | null }): string {
  if (!user.fullName) return user.username;
  return user.title ? `${user.fullName}, ${user.title}` : user.fullName;
}
