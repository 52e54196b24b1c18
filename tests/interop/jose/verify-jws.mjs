// Verifies a compact JWS with a public JWK, both made by custosctl, using the jose library (an
// independent implementation). Usage: node verify-jws.mjs KEY.jwk TOKEN.jws
// Exit 0: valid, and the protected header's kid equals the JWK's kid; 1: not valid; 2: bad usage.
import { readFileSync } from 'node:fs';
import { compactVerify, importJWK } from 'jose';

const [jwkPath, jwsPath] = process.argv.slice(2);
if (!jwkPath || !jwsPath) {
    console.error('usage: node verify-jws.mjs KEY.jwk TOKEN.jws');
    process.exit(2);
}

try {
    const jwk = JSON.parse(readFileSync(jwkPath, 'utf8'));
    const jws = readFileSync(jwsPath, 'utf8').trim();
    const alg = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8')).alg;
    const key = await importJWK(jwk, alg);
    const { protectedHeader } = await compactVerify(jws, key, { algorithms: [alg] });
    if (protectedHeader.kid !== jwk.kid) {
        console.error(`kid mismatch: header ${protectedHeader.kid}, JWK ${jwk.kid}`);
        process.exit(1);
    }
    console.log(`valid ${protectedHeader.alg} signature by ${jwk.kid}`);
    process.exit(0);
} catch (error) {
    console.error(`not valid: ${error.code ?? ''} ${error.message}`);
    process.exit(1);
}
