-- Reference data from shared/data: the three Handlungsfelder and the 15 areas of 2021/2022.

INSERT INTO fields_of_action (number, slug, name) VALUES
    (1, 'arbeit', 'Arbeit und Beschäftigung im Quartier'),
    (2, 'eltern-kinder', 'Eltern und Kinder stärken – Kinderarmut bekämpfen'),
    (3, 'zusammenhalt', 'Sozialen Zusammenhalt im Quartier stärken');

INSERT INTO areas (slug, name, kind, district, social_space) VALUES
    ('hafen', 'Hafen', 'aktionsraum', 'Innenstadt-Nord', 'statistischer Bezirk Hafen'),
    ('nordmarkt', 'Nordmarkt', 'aktionsraum', 'Innenstadt-Nord', 'statistischer Bezirk Nordmarkt'),
    ('borsigplatz', 'Borsigplatz', 'aktionsraum', 'Innenstadt-Nord', 'statistischer Bezirk Borsigplatz'),
    ('dorstfelder-bruecke', 'Dorstfelder Brücke', 'aktionsraum', 'Innenstadt-West', 'Unterbezirke 021-023'),
    ('dorstfeld', 'Dorstfeld', 'aktionsraum', 'Innenstadt-West', 'Unterbezirke 031-033'),
    ('eving-kemminghausen', 'Eving/Kemminghausen', 'aktionsraum', 'Eving', 'Eving/Kemminghausen'),
    ('eving-lindenhorst', 'Eving/Lindenhorst', 'aktionsraum', 'Eving', 'Eving/Lindenhorst'),
    ('hoerde', 'Hörde', 'aktionsraum', 'Hörde', 'Hörde'),
    ('marten', 'Marten', 'aktionsraum', 'Lütgendortmund', 'Unterbezirke Germania und Marten'),
    ('boevinghausen-westrich', 'Bövinghausen/Westrich', 'aktionsraum', 'Lütgendortmund', 'Bövinghausen und Westrich'),
    ('nette', 'Nette', 'aktionsraum', 'Mengede', 'Unterbezirke Nette, Alte Kolonie, Niedernette'),
    ('bodelschwingh-westerfilde', 'Bodelschwingh/Westerfilde', 'aktionsraum', 'Mengede', 'Bodelschwingh und Westerfilde'),
    ('scharnhorst-ost', 'Scharnhorst-Ost', 'aktionsraum', 'Scharnhorst', 'Scharnhorst-Ost'),
    ('wambeler-heide', 'Wambeler Heide', 'aktionsquartier', 'Scharnhorst', 'Sozialraum Alt-Scharnhorst'),
    ('meylantviertel', 'Meylantviertel', 'aktionsquartier', 'Brackel', 'Sozialraum Wickede');

-- The council decision of 13.04.2021 (ASAG, Drucksache Nr. 19100-20).
INSERT INTO area_changes (area_id, effective_on, decision, summary, recorded_at)
    SELECT id, '2021-04-13', 'ASAG 13.04.2021, Drucksache Nr. 19100-20', 'Als Aktionsraum in den Aktionsplan Soziale Stadt aufgenommen', '2021-04-13T00:00:00Z' FROM areas WHERE slug = 'dorstfeld'
UNION ALL
    SELECT id, '2021-04-13', 'ASAG 13.04.2021, Drucksache Nr. 19100-20', 'Als Aktionsraum in den Aktionsplan Soziale Stadt aufgenommen', '2021-04-13T00:00:00Z' FROM areas WHERE slug = 'boevinghausen-westrich'
UNION ALL
    SELECT id, '2021-04-13', 'ASAG 13.04.2021, Drucksache Nr. 19100-20', 'Vom Aktionsraum Alt-Scharnhorst in ein Aktionsquartier übergeleitet', '2021-04-13T00:00:00Z' FROM areas WHERE slug = 'wambeler-heide'
UNION ALL
    SELECT id, '2021-04-13', 'ASAG 13.04.2021, Drucksache Nr. 19100-20', 'Vom Aktionsraum Wickede in ein Aktionsquartier übergeleitet', '2021-04-13T00:00:00Z' FROM areas WHERE slug = 'meylantviertel';

UPDATE areas SET description = 'Aktionsraum des Aktionsplans Soziale Stadt seit 2008.'
WHERE slug NOT IN ('dorstfeld', 'boevinghausen-westrich', 'wambeler-heide', 'meylantviertel');
