-- CreateTable
CREATE TABLE "EnvironmentSlot" (
    "environmentId" UUID NOT NULL,
    "slot" INTEGER NOT NULL,

    CONSTRAINT "EnvironmentSlot_pkey" PRIMARY KEY ("environmentId","slot")
);

-- AddForeignKey
ALTER TABLE "EnvironmentSlot" ADD CONSTRAINT "EnvironmentSlot_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- An environment has exactly `capacity` slot rows, whoever writes the Environment row (the API,
-- a fixture, an operator's psql): a grant finds its slot among them, so they must never drift.
CREATE FUNCTION "Environment_maintain_slots"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "EnvironmentSlot" WHERE "environmentId" = NEW."id" AND "slot" >= NEW."capacity";
  INSERT INTO "EnvironmentSlot" ("environmentId", "slot")
  SELECT NEW."id", s FROM generate_series(0, NEW."capacity" - 1) AS s
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "Environment_maintain_slots" AFTER INSERT OR UPDATE OF "capacity" ON "Environment"
  FOR EACH ROW EXECUTE FUNCTION "Environment_maintain_slots"();

-- Environments created before this migration.
INSERT INTO "EnvironmentSlot" ("environmentId", "slot")
SELECT e."id", s FROM "Environment" e, generate_series(0, e."capacity" - 1) AS s;
