-- 0016: staff by section.  A nudge run looks up, for each person, the
-- colleagues of their own section; without an index that read the whole
-- roster once per person, so a run over a ward of 10,000 staff read a
-- hundred million rows.
CREATE INDEX staff_section ON staff(section);
