-- Skills and shortages, step 1: the year, the enterprises with their region, OKED section and size,
-- the occupations named first and the rural regions.
-- :year runs from :year_start (1 January) to :year_end (31 December).
CREATE TEMP TABLE sk_year AS
SELECT :year AS year, :year_start AS starts, :year_end AS ends;

-- The enterprises counted, with their region and OKED section: every one, or :region's alone (its
-- 2-digit KATO code as a number, 0 for the whole country): an akimat's figures are made of its region
-- alone. The section is the OKED section of the 2-digit division (NACE Rev. 2 structure).
CREATE TEMP TABLE sk_enterprises AS
SELECT
    e.bin,
    substr(e.kato, 1, 2) AS region,
    CASE
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 3 THEN 'A'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 9 THEN 'B'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 33 THEN 'C'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) = 35 THEN 'D'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 39 THEN 'E'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 43 THEN 'F'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 47 THEN 'G'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 53 THEN 'H'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 56 THEN 'I'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 63 THEN 'J'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 66 THEN 'K'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) = 68 THEN 'L'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 75 THEN 'M'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 82 THEN 'N'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) = 84 THEN 'O'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) = 85 THEN 'P'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 88 THEN 'Q'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 93 THEN 'R'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 96 THEN 'S'
        WHEN CAST(substr(e.oked, 1, 2) AS INTEGER) <= 98 THEN 'T'
        ELSE 'U'
    END AS section
FROM employers e
WHERE :region = 0 OR CAST(substr(e.kato, 1, 2) AS INTEGER) = :region;

-- The employees of the year: every person with a contract active at some day of the year (start_date on
-- or before 31 December, end_date empty or on or after 1 January) at one of the enterprises counted,
-- with the enterprise (the lowest BIN of the person's) and whether the person worked at several. Most
-- persons worked at one enterprise (95 % at scale 1): they are counted by their enterprise alone, and only
-- those who worked at several are made distinct per group (sk_several_jobs), which is what keeps this fast.
-- (For the whole country no enterprise is left out, so the contracts are read without a join.)
CREATE TEMP TABLE sk_people AS
SELECT c.person_id, MIN(c.bin) AS bin, CASE WHEN MIN(c.bin) <> MAX(c.bin) THEN 1 ELSE 0 END AS several
FROM contracts c
WHERE c.start_date <= :year_end AND (c.end_date IS NULL OR c.end_date >= :year_start)
  AND (:region = 0 OR c.bin IN (SELECT bin FROM sk_enterprises))
GROUP BY c.person_id;

-- The enterprises of each person who worked at several, each once.
CREATE TEMP TABLE sk_several_jobs AS
SELECT DISTINCT c.person_id, c.bin
FROM contracts c
JOIN sk_people p ON p.person_id = c.person_id AND p.several = 1
WHERE c.start_date <= :year_end AND (c.end_date IS NULL OR c.end_date >= :year_start)
  AND c.bin IN (SELECT bin FROM sk_enterprises);

-- An enterprise's size is its employees in the year (distinct persons with an active contract), in
-- the classes of the Entrepreneurial Code: micro up to 15, small up to 100, medium up to 250, large
-- above. `alone`: its employees who worked at no other enterprise in the year.
CREATE TEMP TABLE sk_employers AS
WITH alone AS (
    SELECT bin, COUNT(*) AS n FROM sk_people WHERE several = 0 GROUP BY bin
),
shared AS (
    SELECT bin, COUNT(*) AS n FROM sk_several_jobs GROUP BY bin
)
SELECT
    e.bin,
    e.region,
    e.section,
    CASE
        WHEN COALESCE(a.n, 0) + COALESCE(s.n, 0) <= 15 THEN 'micro'
        WHEN COALESCE(a.n, 0) + COALESCE(s.n, 0) <= 100 THEN 'small'
        WHEN COALESCE(a.n, 0) + COALESCE(s.n, 0) <= 250 THEN 'medium'
        ELSE 'large'
    END AS size,
    COALESCE(a.n, 0) AS alone
FROM sk_enterprises e
LEFT JOIN alone a ON a.bin = e.bin
LEFT JOIN shared s ON s.bin = e.bin;

-- The occupations named first (NKZ unit groups, ISCO-08 structure): transport by air, rail and water
-- everywhere; agriculture, health and education where the vacancy is in a rural region.
CREATE TEMP TABLE sk_priority AS
SELECT nkz, kind FROM (VALUES
    ('3153', 'aviation'),   -- aircraft pilots and related associate professionals
    ('3154', 'aviation'),   -- air traffic controllers
    ('3155', 'aviation'),   -- air traffic safety electronics technicians
    ('7232', 'aviation'),   -- aircraft engine mechanics and repairers
    ('5111', 'aviation'),   -- travel attendants and stewards (cabin crew)
    ('8311', 'railways'),   -- locomotive engine drivers
    ('8312', 'railways'),   -- railway brake, signal and switch operators
    ('3151', 'shipping'),   -- ships' engineers
    ('3152', 'shipping'),   -- ships' deck officers and pilots
    ('8350', 'shipping'),   -- ships' deck crews and related workers
    ('2132', 'agriculture'),-- farming, forestry and fisheries advisers (agronomists)
    ('2250', 'agriculture'),-- veterinarians
    ('3142', 'agriculture'),-- agricultural technicians
    ('3240', 'agriculture'),-- veterinary technicians and assistants
    ('2211', 'health'),     -- generalist medical practitioners
    ('2212', 'health'),     -- specialist medical practitioners
    ('2221', 'health'),     -- nursing professionals
    ('2240', 'health'),     -- paramedical practitioners (feldshers)
    ('3221', 'health'),     -- nursing associate professionals
    ('2330', 'education'),  -- secondary education teachers
    ('2341', 'education'),  -- primary school teachers
    ('2342', 'education')   -- early childhood educators
) AS t(nkz, kind);

-- Rural regions: more than half of the population rural at 1 January 2023 (BNS): Almaty region (19,
-- 84 %), Zhambyl (31, 57 %), Zhetisu (33, 56 %), Kyzylorda (43, 53 %), Mangystau (47, 55 %),
-- North Kazakhstan (59, 52 %), Turkistan (61, 76 %). A KATO is rural when it is in one of them.
CREATE TEMP TABLE sk_rural AS
SELECT region FROM (VALUES ('19'), ('31'), ('33'), ('43'), ('47'), ('59'), ('61')) AS t(region)
