-- CreateTable
CREATE TABLE "ProviderBreaker" (
    "providerKey" TEXT NOT NULL,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "openUntil" TIMESTAMPTZ(3),
    "coolDownMs" INTEGER,

    CONSTRAINT "ProviderBreaker_pkey" PRIMARY KEY ("providerKey")
);

