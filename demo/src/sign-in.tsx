/** @jsxImportSource react */
import { useState } from 'react';
import { insights } from './insights.ts';

/** A fake sign-in: identifies the demo user with typed traits, and signs out with `reset()`. */
export function SignIn() {
  const [user, setUser] = useState<string | undefined>();
  if (user)
    return (
      <button
        type="button"
        className="sign-in"
        onClick={() => {
          insights().track('Logged Out');
          insights().reset();
          setUser(undefined);
        }}
      >
        Sign out {user}
      </button>
    );
  return (
    <button
      type="button"
      className="sign-in"
      onClick={() => {
        insights().identify('user-42', {
          name: 'Ada Lovelace',
          email: 'ada.lovelace@example.com',
          role: 'manager',
          plan: 'pro',
          teamSize: 12,
          signUpDate: '2026-01-15',
          company: 'Acme Ltd',
          country: 'GB',
          seats: 12,
          trial: false,
          lifecycleStage: 'active',
        });
        insights().track('Logged In', { method: 'password' });
        setUser('Ada');
      }}
    >
      Sign in as Ada
    </button>
  );
}
