/**
 * The printed blank form's safety message (issue 24): `GET /api/questionnaires/:id/form?unitId=`
 * gives the unit's phone and hours, each field the unit leaves unset being the site's; without a
 * unit, the site's; an unknown unit is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { createTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let unitB = '';

beforeAll(async () => {
  server = await createTestServer();
  const admin = await server.as('admin');
  await admin.put('/api/settings').send({ site: { phone: '70 10 10 10', hours: { da: 'hverdage kl. 8-15', en: 'weekdays 8 to 15' } } }).expect(200);
  unitB = (await admin.post('/api/units').send({ name: 'Onkologisk afdeling', code: 'ONK', kind: 'ward' }).expect(201)).body.id;
  // The unit's own phone and Danish hours; its English hours and after-hours texts stay the site's.
  await admin.put(`/api/units/${unitB}/settings`).send({ site: { phone: '70 20 20 20', hours: { da: 'alle dage kl. 8-20' } } }).expect(200);
});

afterAll(async () => {
  await server.close();
});

describe('the blank form\'s phone', () => {
  it('gives the unit\'s phone and hours, field by field over the site\'s', async () => {
    const nurse = await server.as('nurse');
    const form = (await nurse.get('/api/questionnaires/minimal/form').query({ unitId: unitB }).expect(200)).body;
    expect(form.site).toMatchObject({ phone: '70 20 20 20', hours: { da: 'alle dage kl. 8-20', en: 'weekdays 8 to 15' } });
  });

  it('gives the site\'s without a unit, and for a unit with no phone of its own', async () => {
    const nurse = await server.as('nurse');
    expect((await nurse.get('/api/questionnaires/minimal/form').expect(200)).body.site).toMatchObject({ phone: '70 10 10 10', hours: { da: 'hverdage kl. 8-15' } });
    expect((await nurse.get('/api/questionnaires/minimal/form').query({ unitId: DEFAULT_UNIT_ID }).expect(200)).body.site.phone).toBe('70 10 10 10');
  });

  it('answers 404 unit_not_found for an unknown unit', async () => {
    const res = await (await server.as('nurse')).get('/api/questionnaires/minimal/form').query({ unitId: 'no-such-unit' }).expect(404);
    expect(res.body.error.code).toBe('unit_not_found');
  });
});
