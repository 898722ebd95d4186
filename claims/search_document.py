"""The claims' stored search document, kept by the database in every language.

A claim is searched in the language it was made in and in each of its translations:
``claims_claim.search_document`` holds the claim's summary (weight A) and text (B) in the
text search configuration of the claim's language, and each translation's summary (C)
and text (D) in that of the translation's. A trigger on claims writes it when a claim
goes in or its text, summary or language changes; one on translations writes their
claim's again and makes it a change of the claim (a new version and time, which the
API's ETags and ``updated_since`` read), as does a change of the translations of a
claim's current verdict. Both are plain triggers, not pgtrigger's, so they hold for every path:
services, bulk updates, raw SQL and the demo data's COPY (which sets pgtrigger's
triggers aside).

Configurations (``claims_search_config``): English and Russian have PostgreSQL's
stemmers (``english``, ``russian``); Kazakh has none, so its words are cut to stems by
``claims_kazakh_stems`` (a small suffix stripper: plural, possessive and case endings,
longest first, at most three rounds, never below three letters) and indexed with
``simple``; any other language is indexed with ``simple`` as written. A query is parsed
in each of these (``claims.models.search.search_query_of``), so it finds a claim in any
of them; the query's Kazakh stems come from the same function as the documents'.

A change to the SQL here needs a migration that runs INSTALL_SQL again and rewrites the
documents (REFRESH_SQL).
"""

# Kazakh endings (Cyrillic), longest first within each length: a word loses the first
# one it ends with, while at least three letters remain.
_ENDINGS = """
    лардың лердің дардың дердің тардың тердің лармен лермен дармен дермен тармен термен
    ларға лерге дарға дерге тарға терге ларда лерде дарда дерде тарда терде ларды лерді
    дарды дерді тарды терді лардан лерден дардан дерден тардан терден лары лері дары дері
    тары тері ымыз іміз ыңыз іңіз ымен імен ында інде ынан інен ының інің
    лар лер дар дер тар тер ның нің дың дің тың тің ға ге қа ке на не ны ні ды ді ты ті
    да де та те нда нде дан ден тан тен нан нен мен бен пен мыз міз ңыз ңіз сы сі ым ім ың
    ің ын ін
"""
KAZAKH_ENDINGS = sorted(_ENDINGS.split(), key=len, reverse=True)


def _array(words: list[str]) -> str:
    return "ARRAY[" + ", ".join(f"'{word}'" for word in words) + "]"


# A claim shows its current verdict's translations: a change of them is a change of the
# claim (its version, which the API's ETags read, and its time). A draft's translations are
# part of the draft: a change of them is a new version of it, so a writer who states the
# version they read is told of it (a published verdict never changes: it is left alone).
VERDICT_TRANSLATION_CHANGED_SQL = """
CREATE OR REPLACE FUNCTION claims_verdict_translation_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_claim c SET updated_at = clock_timestamp()
    WHERE c.current_verdict_id IN (
        SELECT (CASE WHEN TG_OP = 'DELETE' THEN OLD.verdict_id ELSE NEW.verdict_id END)
        UNION SELECT (CASE WHEN TG_OP = 'UPDATE' THEN OLD.verdict_id END)
    );
    UPDATE claims_verdict v SET updated_at = clock_timestamp()
    WHERE v.status = 'draft' AND v.id IN (
        SELECT (CASE WHEN TG_OP = 'DELETE' THEN OLD.verdict_id ELSE NEW.verdict_id END)
        UNION SELECT (CASE WHEN TG_OP = 'UPDATE' THEN OLD.verdict_id END)
    );
    RETURN NULL;
END
$$;
"""

INSTALL_SQL = f"""
CREATE OR REPLACE FUNCTION claims_search_config(language text)
RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE split_part(lower(language), '-', 1)
        WHEN 'en' THEN 'english'::regconfig
        WHEN 'ru' THEN 'russian'::regconfig
        ELSE 'simple'::regconfig
    END
$$;

CREATE OR REPLACE FUNCTION claims_kazakh_stem(word text)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    stem text := lower(word);
    ending text;
    cut boolean := true;
    rounds int := 0;
BEGIN
    WHILE cut AND rounds < 3 LOOP
        cut := false;
        rounds := rounds + 1;
        FOREACH ending IN ARRAY {_array(KAZAKH_ENDINGS)} LOOP
            IF char_length(stem) - char_length(ending) >= 3 AND right(stem, char_length(ending)) = ending THEN
                stem := left(stem, char_length(stem) - char_length(ending));
                cut := true;
                EXIT;
            END IF;
        END LOOP;
    END LOOP;
    RETURN stem;
END
$$;

-- Every run of letters is replaced by its stem; everything else (spaces, quotes, the
-- minus of a web search) stays where it was.
CREATE OR REPLACE FUNCTION claims_kazakh_stems(words text)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(
        CASE WHEN part[1] ~ '^[[:alpha:]]' THEN claims_kazakh_stem(part[1]) ELSE part[1] END,
        '' ORDER BY n), '')
    FROM regexp_matches(words, '[[:alpha:]]+|[^[:alpha:]]+', 'g') WITH ORDINALITY AS m(part, n)
$$;

CREATE OR REPLACE FUNCTION claims_search_vector(language text, body text, weight "char")
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(
        claims_search_config(language),
        CASE WHEN split_part(lower(language), '-', 1) = 'kk'
            THEN claims_kazakh_stems(coalesce(body, '')) ELSE coalesce(body, '') END
    ), weight)
$$;

CREATE OR REPLACE FUNCTION claims_search_document(
    claim_id bigint, language text, summary text, body text
) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    document tsvector := claims_search_vector(language, summary, 'A')
        || claims_search_vector(language, body, 'B');
    translation record;
BEGIN
    FOR translation IN
        SELECT t.language, t.summary, t.text FROM claims_claimtranslation t
        WHERE t.claim_id = claims_search_document.claim_id ORDER BY t.id
    LOOP
        document := document
            || claims_search_vector(translation.language, translation.summary, 'C')
            || claims_search_vector(translation.language, translation.text, 'D');
    END LOOP;
    RETURN document;
END
$$;

CREATE OR REPLACE FUNCTION claims_claim_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := claims_search_document(NEW.id, NEW.language, NEW.summary, NEW.text);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION claims_translation_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_claim c
    SET search_document = claims_search_document(c.id, c.language, c.summary, c.text),
        updated_at = clock_timestamp()
    WHERE c.id IN (
        SELECT (CASE WHEN TG_OP = 'DELETE' THEN OLD.claim_id ELSE NEW.claim_id END)
        UNION SELECT (CASE WHEN TG_OP = 'UPDATE' THEN OLD.claim_id END)
    );
    RETURN NULL;
END
$$;

{VERDICT_TRANSLATION_CHANGED_SQL}
DROP TRIGGER IF EXISTS claims_verdict_translation_changed ON claims_verdicttranslation;
CREATE TRIGGER claims_verdict_translation_changed
AFTER INSERT OR DELETE OR UPDATE ON claims_verdicttranslation
FOR EACH ROW EXECUTE FUNCTION claims_verdict_translation_changed();

DROP TRIGGER IF EXISTS claims_claim_search_document ON claims_claim;
CREATE TRIGGER claims_claim_search_document
BEFORE INSERT OR UPDATE OF text, summary, language ON claims_claim
FOR EACH ROW EXECUTE FUNCTION claims_claim_search_document();

DROP TRIGGER IF EXISTS claims_translation_search_document ON claims_claimtranslation;
CREATE TRIGGER claims_translation_search_document
AFTER INSERT OR DELETE OR UPDATE OF claim_id, language, text, summary ON claims_claimtranslation
FOR EACH ROW EXECUTE FUNCTION claims_translation_search_document();
"""

REFRESH_SQL = """
UPDATE claims_claim
SET search_document = claims_search_document(id, language, summary, text);
"""

UNINSTALL_SQL = """
DROP TRIGGER IF EXISTS claims_verdict_translation_changed ON claims_verdicttranslation;
DROP FUNCTION IF EXISTS claims_verdict_translation_changed();
DROP TRIGGER IF EXISTS claims_translation_search_document ON claims_claimtranslation;
DROP TRIGGER IF EXISTS claims_claim_search_document ON claims_claim;
DROP FUNCTION IF EXISTS claims_translation_search_document();
DROP FUNCTION IF EXISTS claims_claim_search_document();
DROP FUNCTION IF EXISTS claims_search_document(bigint, text, text, text);
DROP FUNCTION IF EXISTS claims_search_vector(text, text, "char");
DROP FUNCTION IF EXISTS claims_kazakh_stems(text);
DROP FUNCTION IF EXISTS claims_kazakh_stem(text);
DROP FUNCTION IF EXISTS claims_search_config(text);
"""
