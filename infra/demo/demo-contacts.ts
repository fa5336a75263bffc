/**
 * Demo contacts, so a newcomer sees the demo's notices arrive in the mail catcher (Mailpit, which
 * `npm start` runs): every demo unit's office (văn phòng) receives each notice as it happens, and
 * the head of each unit that has tasks or holds escalations in the demo reads the morning digest
 * instead. Addresses are made from the unit id under a domain that receives no mail.
 */
import type { DemoUnit } from './demo-unit';

/** A contact as `POST /units/:id/contacts` takes it. */
export interface DemoContact {
  name: string;
  email: string;
  topics: ['all'] | ('reminder' | 'overdue' | 'escalation')[];
  mode: 'each' | 'digest';
}

/** Where demo mail is addressed: a name of ours, never a real mailbox. */
const DEMO_MAIL_DOMAIN = 'demo.dondoc.vn';

/** `bac-kan-city/ubnd` → `van-phong.bac-kan-city.ubnd@demo.dondoc.vn`. */
function demoAddress(role: string, unitId: string): string {
  return `${role}.${unitId.replace(/\//g, '.')}@${DEMO_MAIL_DOMAIN}`;
}

/**
 * One or two contacts of a demo unit: its office, for each notice at once; and, when the demo gives
 * the unit tasks (`withDigest`) or it is a steering committee (which receives escalations), its head
 * for the daily digest of what is due, overdue or escalated.
 */
export function demoContactsOf(unit: DemoUnit, withDigest: boolean): DemoContact[] {
  const office: DemoContact = {
    name: `Văn phòng ${unit.name}`,
    email: demoAddress('van-phong', unit.id),
    topics: ['all'],
    mode: 'each',
  };
  if (!withDigest && unit.kind !== 'steering-committee') return [office];
  const head: DemoContact = {
    name: `Lãnh đạo ${unit.name}`,
    email: demoAddress('lanh-dao', unit.id),
    topics: unit.kind === 'steering-committee' ? ['escalation'] : ['reminder', 'overdue', 'escalation'],
    mode: 'digest',
  };
  return [office, head];
}
