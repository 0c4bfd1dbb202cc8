/**
 * Every migration, in order. A static list (not a folder scan) so it works the same under tsx,
 * vitest and a bundler. Add a new file as `NNNN_name.ts` and list it here.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_response_client_id.js';
import * as m0003 from './0003_drop_unused_flag_index.js';
import * as m0004 from './0004_worklist_index_covers_order.js';
import * as m0005 from './0005_idempotency_per_invitation.js';
import * as m0006 from './0006_site_settings.js';
import * as m0007 from './0007_staff_account_lifecycle.js';
import * as m0008 from './0008_notifications.js';
import * as m0009 from './0009_flag_urgency.js';
import * as m0010 from './0010_flag_loop.js';
import * as m0011 from './0011_rate_limits.js';
import * as m0012 from './0012_response_mode.js';
// issue 15
import * as m0013 from './0013_referral_accept_note.js';
// issue 19
import * as m0014 from './0014_draft_page.js';
// clinical rules v2, part 6
import * as m0015 from './0015_patient_status.js';
// issue 21, helper 1
import * as m0016 from './0016_username_case_insensitive.js';
// issue 21: second factor, sessions, temporary passwords
import * as m0017 from './0017_second_factor_and_sessions.js';
// issue 21 (helper 3)
import * as m0018 from './0018_reminder_link_at_delivery.js';
// issue 23: the call list
import * as m0019 from './0019_invitation_calls.js';
// issue 23 (helper 7)
import * as m0020 from './0020_staff_full_name_title.js';
// issue 23: a plan's responsible may be a staff user
import * as m0021 from './0021_plan_responsible_user.js';
// issue 24: units
import * as m0022 from './0022_units.js';
// issue 24: emergency access
import * as m0023 from './0023_emergency_access.js';
// issue 24: sign-in through the hospital's identity provider (OIDC)
import * as m0024 from './0024_oidc_sign_in.js';
// issue 25: programmes
import * as m0025 from './0025_programmes.js';
import * as m0026 from './0026_enrolment_unit.js';
import * as m0027 from './0027_flags_unit_tail.js';
import * as m0028 from './0028_outbox_status_index.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_response_client_id': m0002,
  '0003_drop_unused_flag_index': m0003,
  '0004_worklist_index_covers_order': m0004,
  '0005_idempotency_per_invitation': m0005,
  '0006_site_settings': m0006,
  '0007_staff_account_lifecycle': m0007,
  '0008_notifications': m0008,
  '0009_flag_urgency': m0009,
  '0010_flag_loop': m0010,
  '0011_rate_limits': m0011,
  '0012_response_mode': m0012,
  // issue 15
  '0013_referral_accept_note': m0013,
  // issue 19
  '0014_draft_page': m0014,
  // clinical rules v2, part 6
  '0015_patient_status': m0015,
  // issue 21, helper 1
  '0016_username_case_insensitive': m0016,
  // issue 21: second factor, sessions, temporary passwords
  '0017_second_factor_and_sessions': m0017,
  // issue 21: no usable reminder link at rest
  '0018_reminder_link_at_delivery': m0018,
  // issue 23: the call list
  '0019_invitation_calls': m0019,
  // issue 23: a staff user's full name and title
  '0020_staff_full_name_title': m0020,
  // issue 23: a plan's responsible may be a staff user
  '0021_plan_responsible_user': m0021,
  // issue 24: units, care relationships, unit settings
  '0022_units': m0022,
  // issue 24: emergency access ("break the glass")
  '0023_emergency_access': m0023,
  // issue 24: OIDC subjects of staff users, sign-ins in flight
  '0024_oidc_sign_in': m0024,
  // issue 25: programmes, enrolments, occurrences
  '0025_programmes': m0025,
  // issue 25: an enrolment's own unit (the enrolling nurse's)
  '0026_enrolment_unit': m0026,
  // issue 24: the worklist's deep pages by keyset
  '0027_flags_unit_tail': m0027,
  // issue 25: the outbox's status index, a prefix of outbox_messages_finished
  '0028_outbox_status_index': m0028,
};
