-- The compatriots registry (contract 1.1 file `compatriots`) counted by the region they named
-- (the first two digits of kato_of_interest; NULL when they named none), their country, the year
-- they intend to return (NULL when not stated) and their education: the registrations made on or
-- before :as_of.
CREATE TEMP TABLE mob_compatriots AS
SELECT substr(kato_of_interest, 1, 2) AS region, country, intends_return_year AS year, education,
       COUNT(*) AS persons
FROM compatriots
WHERE registered_on <= :as_of
GROUP BY substr(kato_of_interest, 1, 2), country, intends_return_year, education;
