-- The programme editor pages the area's accepted needs per Handlungsfeld, oldest first (it
-- loaded all of them, 2,500 at the benchmark's size); this index holds exactly that order.
CREATE INDEX needs_accepted_by_field ON needs (area_id, field_number, noted_at, id)
    WHERE status = 'angenommen';
