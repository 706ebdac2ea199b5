<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>BackendPage</name>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Where balances and orders are kept.</source>
        <translation>Wo Guthaben und Bestellungen liegen.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Embedded demo server on this computer</source>
        <translation>Eingebauter Demo-Server auf diesem Rechner</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL-Server</translation>
    </message>
    <message>
        <source>REST-RPC server</source>
        <translation>REST-RPC-Server</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Open provisioning file…</source>
        <translation>Einrichtungsdatei öffnen…</translation>
    </message>
    <message>
        <source>Paste provisioning code</source>
        <translation>Code einfügen</translation>
    </message>
    <message>
        <source>Starts a local PostgreSQL with the demo event (first start takes a few seconds).</source>
        <translation>Startet ein lokales PostgreSQL mit dem Demo-Event (der erste Start dauert ein paar Sekunden).</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Noch nicht getestet.</translation>
    </message>
    <message>
        <source>Provisioning file</source>
        <translation>Einrichtungsdatei</translation>
    </message>
    <message>
        <source>Provisioning files (*.toml);;All files (*)</source>
        <translation>Einrichtungsdateien (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 nicht lesbar: %2</translation>
    </message>
    <message>
        <source>Starting the embedded demo server…</source>
        <translation>Starte den eingebauten Demo-Server…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
</context>
<context>
    <name>BarScreen</name>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Touch products to build the order.
Tap a card to see its balance.</source>
        <translation>Produkte antippen für die Bestellung.
Karte auflegen zeigt ihr Guthaben.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>Paying %1…</source>
        <translation>Zahlung %1…</translation>
    </message>
    <message>
        <source>Not enough on that card — tap another card to pay %1</source>
        <translation>Zu wenig auf der Karte — andere Karte auflegen für %1</translation>
    </message>
    <message>
        <source>Tap another card to credit %1</source>
        <translation>Andere Karte auflegen: %1 gutschreiben</translation>
    </message>
    <message>
        <source>Tap card to pay %1</source>
        <translation>Karte auflegen: %1 zahlen</translation>
    </message>
    <message>
        <source>Tap card to credit %1</source>
        <translation>Karte auflegen: %1 gutschreiben</translation>
    </message>
    <message>
        <source>Charge %1</source>
        <translation>%1 kassieren</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Kassieren</translation>
    </message>
</context>
<context>
    <name>CashShiftFlow</name>
    <message>
        <source>The shift could not be opened: %1</source>
        <translation>Die Schicht konnte nicht begonnen werden: %1</translation>
    </message>
    <message>
        <source>This count cannot be used: %1</source>
        <translation>Diese Zählung ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>The shift could not be closed: %1</source>
        <translation>Die Schicht konnte nicht beendet werden: %1</translation>
    </message>
    <message>
        <source>The cash shift could not be read from this kiosk&apos;s queue.</source>
        <translation>Kassenschicht in der Warteschlange des Kiosks nicht lesbar.</translation>
    </message>
</context>
<context>
    <name>CashShiftsTab</name>
    <message>
        <source>Cashier</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Wechselgeld</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>Soll-Bargeld</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>No cash shift is open on this device.</source>
        <translation>Auf diesem Gerät ist keine Kassenschicht offen.</translation>
    </message>
    <message>
        <source>Amount, e.g. 500</source>
        <translation>Betrag, z. B. 500</translation>
    </message>
    <message>
        <source>Drawer → safe</source>
        <translation>Lade → Tresor</translation>
    </message>
    <message>
        <source>Safe → drawer</source>
        <translation>Tresor → Lade</translation>
    </message>
    <message>
        <source>Reason, e.g. too much cash in the drawer</source>
        <translation>Grund, z. B. zu viel Bargeld in der Lade</translation>
    </message>
    <message>
        <source>Record cash move</source>
        <translation>Geldbewegung buchen</translation>
    </message>
    <message>
        <source>Why you close it, e.g. cashier went home</source>
        <translation>Grund fürs Beenden, z. B. Kassierer gegangen</translation>
    </message>
    <message>
        <source>Close selected shift…</source>
        <translation>Gewählte Schicht beenden…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>Select the shift whose drawer the cash moves from or to.</source>
        <translation>Schicht wählen, aus deren Lade oder in deren Lade das Geld geht.</translation>
    </message>
    <message>
        <source>Type the amount, e.g. 500 or 12.50.</source>
        <translation>Betrag eingeben, z. B. 500 oder 12.50.</translation>
    </message>
    <message>
        <source>A cash move needs a reason.</source>
        <translation>Eine Geldbewegung braucht einen Grund.</translation>
    </message>
    <message>
        <source>Cash move recorded: expected cash in that drawer is now %1.</source>
        <translation>Geldbewegung gebucht: Soll in dieser Lade jetzt %1.</translation>
    </message>
    <message>
        <source>Cash move queued: it is sent when the network is back.</source>
        <translation>Geldbewegung wartet: wird gesendet, wenn das Netz zurück ist.</translation>
    </message>
    <message>
        <source>Cash move refused: %1</source>
        <translation>Geldbewegung abgelehnt: %1</translation>
    </message>
    <message>
        <source>Select the shift to close.</source>
        <translation>Zu beendende Schicht wählen.</translation>
    </message>
    <message>
        <source>Closing someone else&apos;s shift needs a reason.</source>
        <translation>Eine fremde Schicht beenden braucht einen Grund.</translation>
    </message>
    <message>
        <source>Count %1&apos;s drawer</source>
        <translation>Lade von %1 zählen</translation>
    </message>
    <message>
        <source>Shift of %1 closed: expected %2, counted %3, difference %4.</source>
        <translation>Schicht von %1 beendet: Soll %2, gezählt %3, Differenz %4.</translation>
    </message>
    <message>
        <source>The close is queued: it is sent when the network is back.</source>
        <translation>Abschluss wartet: wird gesendet, wenn das Netz zurück ist.</translation>
    </message>
    <message>
        <source>The shift could not be closed: %1</source>
        <translation>Die Schicht konnte nicht beendet werden: %1</translation>
    </message>
</context>
<context>
    <name>CheckpointScreen</name>
    <message>
        <source>Close shift</source>
        <translation>Schicht beenden</translation>
    </message>
    <message>
        <source>Void last recharge</source>
        <translation>Letzte Aufladung stornieren</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Aufladen</translation>
    </message>
    <message>
        <source>Quick amount %1</source>
        <translation>Schnellbetrag %1</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bargeld</translation>
    </message>
    <message>
        <source>Card payment</source>
        <translation>Kartenzahlung</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>Bezahlt mit</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Enter an amount first</source>
        <translation>Zuerst einen Betrag eingeben</translation>
    </message>
    <message>
        <source>Too much: this card can take at most %1</source>
        <translation>Zu viel: diese Karte nimmt höchstens %1</translation>
    </message>
    <message>
        <source>This card is blocked: no recharge</source>
        <translation>Karte gesperrt: keine Aufladung</translation>
    </message>
    <message>
        <source>Choose cash or card payment</source>
        <translation>Bargeld oder Kartenzahlung wählen</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Bitte warten…</translation>
    </message>
    <message>
        <source>Blocking card…</source>
        <translation>Sperre Karte…</translation>
    </message>
    <message>
        <source>Unblocking card…</source>
        <translation>Entsperre Karte…</translation>
    </message>
    <message>
        <source>Voiding…</source>
        <translation>Storniere…</translation>
    </message>
    <message>
        <source>Recharging %1…</source>
        <translation>Aufladung %1…</translation>
    </message>
    <message>
        <source>Drawer %1</source>
        <translation>Lade %1</translation>
    </message>
    <message>
        <source>not yet confirmed</source>
        <translation>noch nicht bestätigt</translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation>Lese Karte…</translation>
    </message>
    <message>
        <source>Tap a card</source>
        <translation>Karte auflegen</translation>
    </message>
    <message>
        <source>Its balance, status and last transactions appear here.</source>
        <translation>Guthaben, Status und letzte Buchungen erscheinen hier.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>BLOCKED</source>
        <translation>GESPERRT</translation>
    </message>
    <message>
        <source>last known balance (offline)</source>
        <translation>letztes bekanntes Guthaben (offline)</translation>
    </message>
    <message>
        <source>History not available offline</source>
        <translation>Verlauf offline nicht verfügbar</translation>
    </message>
    <message>
        <source>No transactions yet</source>
        <translation>Noch keine Buchungen</translation>
    </message>
    <message>
        <source>Unblock card</source>
        <translation>Karte entsperren</translation>
    </message>
    <message>
        <source>Block lost card</source>
        <translation>Verlorene Karte sperren</translation>
    </message>
    <message>
        <source>Maximum %1</source>
        <translation>Maximal %1</translation>
    </message>
    <message>
        <source>Card: needs network</source>
        <translation>Karte: braucht Netz</translation>
    </message>
    <message>
        <source>No network: card payments cannot be checked now. Take cash.</source>
        <translation>Kein Netz: Kartenzahlungen jetzt nicht prüfbar. Bargeld nehmen.</translation>
    </message>
    <message>
        <source>Tap card to recharge %1</source>
        <translation>Karte auflegen: %1 aufladen</translation>
    </message>
    <message>
        <source>Recharge %1</source>
        <translation>%1 aufladen</translation>
    </message>
</context>
<context>
    <name>CloseResultScreen</name>
    <message>
        <source>Shift closed</source>
        <translation>Schicht beendet</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Soll</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Gezählt</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>PDF speichern</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Confirmed by the server.</source>
        <translation>Vom Server bestätigt.</translation>
    </message>
    <message>
        <source>Confirmed by the server, marked unverified (the log-in was not checked by the server): review lists it.</source>
        <translation>Vom Server bestätigt, als ungeprüft markiert (die Anmeldung prüfte der Server nicht): steht in der Prüfliste.</translation>
    </message>
    <message>
        <source>Not yet confirmed: the close is queued and sent when the network is back. These figures are this kiosk&apos;s own.</source>
        <translation>Noch nicht bestätigt: der Abschluss wartet und wird gesendet, wenn das Netz zurück ist. Die Zahlen sind die des Kiosks.</translation>
    </message>
    <message>
        <source>Float %1 · cash recharges %2 · voided %3 · to safe %4 · from safe %5 · card terminal %6 (not drawer cash)</source>
        <translation>Wechselgeld %1 · Bar-Aufladungen %2 · storniert %3 · in Tresor %4 · aus Tresor %5 · Kartenterminal %6 (kein Ladengeld)</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Wechselgeld</translation>
    </message>
    <message>
        <source>Cash recharges</source>
        <translation>Bar-Aufladungen</translation>
    </message>
    <message>
        <source>Cash voided (handed back)</source>
        <translation>Bar storniert (zurückgegeben)</translation>
    </message>
    <message>
        <source>Moved from the safe</source>
        <translation>Aus dem Tresor</translation>
    </message>
    <message>
        <source>Moved to the safe</source>
        <translation>In den Tresor</translation>
    </message>
    <message>
        <source>Cash expected in the drawer</source>
        <translation>Soll-Bargeld in der Lade</translation>
    </message>
    <message>
        <source>Cash counted</source>
        <translation>Bargeld gezählt</translation>
    </message>
    <message>
        <source>Difference (counted - expected)</source>
        <translation>Differenz (gezählt - Soll)</translation>
    </message>
    <message>
        <source>Card-terminal recharges (not drawer cash)</source>
        <translation>Kartenterminal-Aufladungen (kein Ladengeld)</translation>
    </message>
    <message>
        <source>Cash close-out</source>
        <translation>Kassenabschluss</translation>
    </message>
    <message>
        <source>Not yet confirmed by the server.</source>
        <translation>Vom Server noch nicht bestätigt.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Konnte %1 nicht schreiben: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
</context>
<context>
    <name>CountPanel</name>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
</context>
<context>
    <name>CountScreen</name>
    <message>
        <source>Close shift: count the drawer</source>
        <translation>Schicht beenden: Lade zählen</translation>
    </message>
    <message>
        <source>Tap a note or coin, type how many, then the next.</source>
        <translation>Schein oder Münze antippen, Anzahl eingeben, dann die nächste.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Keep open, log out</source>
        <translation>Offen lassen, abmelden</translation>
    </message>
    <message>
        <source>That is more than a drawer can hold: check the counts.</source>
        <translation>Das ist mehr, als eine Lade fasst: Zählung prüfen.</translation>
    </message>
    <message>
        <source>Counted %1</source>
        <translation>Gezählt %1</translation>
    </message>
    <message>
        <source>Close with %1</source>
        <translation>Mit %1 beenden</translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>The device id this kiosk is registered as in the backend.</source>
        <translation>Die Geräte-ID, unter der dieser Kiosk im Backend registriert ist.</translation>
    </message>
    <message>
        <source>Check device</source>
        <translation>Gerät prüfen</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>Geräte-ID</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>z. B. %1</translation>
    </message>
    <message>
        <source>Asking the backend about %1…</source>
        <translation>Frage das Backend nach %1…</translation>
    </message>
    <message>
        <source>Bar, point of sale %1</source>
        <translation>Bar, Verkaufsstelle %1</translation>
    </message>
    <message>
        <source>Checkpoint %1</source>
        <translation>Aufladestation %1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Rolle: %1</translation>
    </message>
    <message>
        <source>Products: %1</source>
        <translation>Produkte: %1</translation>
    </message>
    <message>
        <source>Staff allowed on this device: %1</source>
        <translation>Personal auf diesem Gerät: %1</translation>
    </message>
    <message>
        <source>Currency: %1</source>
        <translation>Währung: %1</translation>
    </message>
    <message>
        <source>Enter this kiosk&apos;s device id.</source>
        <translation>Geräte-ID dieses Kiosks eingeben.</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Noch nicht geprüft.</translation>
    </message>
    <message>
        <source>This server does not list its devices. Type the device id this kiosk was enrolled as (festival-admin devices list shows them), or open its provisioning file on the previous page: it fills this in.</source>
        <translation>Dieser Server listet seine Geräte nicht. Geräte-ID eingeben, unter der dieser Kiosk angemeldet wurde (festival-admin devices list zeigt sie), oder seine Einrichtungsdatei auf der vorigen Seite öffnen: sie füllt das aus.</translation>
    </message>
</context>
<context>
    <name>FloatScreen</name>
    <message>
        <source>Opening float</source>
        <translation>Wechselgeld</translation>
    </message>
    <message>
        <source>The cash in the drawer before the first recharge.</source>
        <translation>Das Bargeld in der Lade vor der ersten Aufladung.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Count the cash</source>
        <translation>Bargeld zählen</translation>
    </message>
    <message>
        <source>That is more than a drawer float can be.</source>
        <translation>Das ist mehr, als Wechselgeld sein kann.</translation>
    </message>
    <message>
        <source>Start shift with %1</source>
        <translation>Schicht mit %1 beginnen</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation>Letzte Ziffer löschen</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>Starting the demo database… (the first start takes a minute)</source>
        <translation>Starte die Demo-Datenbank… (der erste Start dauert eine Minute)</translation>
    </message>
    <message>
        <source>Connecting to the backend…</source>
        <translation>Verbinde mit dem Backend…</translation>
    </message>
    <message>
        <source>The kiosk cannot start yet:
%1</source>
        <translation>Der Kiosk kann noch nicht starten:
%1</translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation>Richte ein…</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>I am %1</source>
        <translation>Ich bin %1</translation>
    </message>
    <message>
        <source>Hello %1, enter your PIN</source>
        <translation>Hallo %1, PIN eingeben</translation>
    </message>
    <message>
        <source>Enter your PIN, or tap your staff card</source>
        <translation>PIN eingeben oder Mitarbeiterkarte auflegen</translation>
    </message>
    <message>
        <source>The PIN has at least %1 digits</source>
        <translation>Die PIN hat mindestens %1 Ziffern</translation>
    </message>
    <message>
        <source>Supervisors log in only while the kiosk is online</source>
        <translation>Supervisor-Anmeldung nur, wenn der Kiosk online ist</translation>
    </message>
    <message>
        <source>Tap your staff card or touch your name, then enter your PIN</source>
        <translation>Mitarbeiterkarte auflegen oder Namen antippen, dann PIN eingeben</translation>
    </message>
    <message>
        <source>The server refused the login: ask a supervisor</source>
        <translation>Der Server lehnt die Anmeldung ab: Supervisor fragen</translation>
    </message>
    <message>
        <source>Wrong PIN. Attempts left: %1</source>
        <translation>Falsche PIN. Noch %1 Versuche</translation>
    </message>
    <message>
        <source>That is not a staff card for this kiosk</source>
        <translation>Keine Mitarbeiterkarte für diesen Kiosk</translation>
    </message>
    <message>
        <source>No staff list yet: connect to the backend once</source>
        <translation>Noch keine Personalliste: einmal mit Backend verbinden</translation>
    </message>
    <message>
        <source>Too many wrong PINs: wait %1 s</source>
        <translation>Zu oft falsche PIN: %1 s warten</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Prüfe…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Something went wrong. The kiosk keeps working; the details are in the log.</source>
        <translation>Etwas ist schiefgegangen. Der Kiosk läuft weiter; Details stehen im Log.</translation>
    </message>
    <message>
        <source>Festival Kiosk — %1</source>
        <translation>Festival Kiosk — %1</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Simulated card reader</source>
        <translation>Simulierter Kartenleser</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>A payment is in progress: log out when its result shows.</source>
        <translation>Eine Zahlung läuft: abmelden, wenn ihr Ergebnis erscheint.</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Aufladestation</translation>
    </message>
    <message>
        <source>Bar</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>The supervisor screen is not available in this build.</source>
        <translation>Die Supervisor-Ansicht fehlt in dieser Version.</translation>
    </message>
    <message>
        <source>Sale of %1</source>
        <translation>Verkauf über %1</translation>
    </message>
    <message>
        <source>Recharge of %1</source>
        <translation>Aufladung über %1</translation>
    </message>
    <message>
        <source>still being sent: it will go through once, never twice</source>
        <translation>wird noch gesendet: wird genau einmal gebucht, nie doppelt</translation>
    </message>
    <message>
        <source>went through: the card was charged</source>
        <translation>gebucht: die Karte wurde belastet</translation>
    </message>
    <message>
        <source>was refused: nothing was charged</source>
        <translation>abgelehnt: nichts wurde abgebucht</translation>
    </message>
    <message>
        <source>was voided: nothing was charged</source>
        <translation>storniert: nichts wurde abgebucht</translation>
    </message>
    <message>
        <source>went through: the card was credited</source>
        <translation>gebucht: der Karte wurde gutgeschrieben</translation>
    </message>
    <message>
        <source>%1 on card %2 at %3, interrupted when the kiosk stopped, %4.</source>
        <translation>%1 auf Karte %2 um %3, beim Beenden des Kiosks unterbrochen, %4.</translation>
    </message>
    <message>
        <source>A payment is in progress</source>
        <translation>Eine Zahlung läuft</translation>
    </message>
    <message>
        <source>A payment is being sent. Close anyway? It is kept and finished after the restart, and the kiosk then shows how it ended.</source>
        <translation>Eine Zahlung wird gesendet. Trotzdem schließen? Sie wird nach dem Neustart fertig gesendet; der Kiosk zeigt dann ihr Ergebnis.</translation>
    </message>
</context>
<context>
    <name>OrderLineRow</name>
    <message>
        <source>One less %1</source>
        <translation>Ein %1 weniger</translation>
    </message>
    <message>
        <source>One more %1</source>
        <translation>Ein %1 mehr</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
</context>
<context>
    <name>OutboxTab</name>
    <message>
        <source>Customer changed their mind</source>
        <translation>Kunde hat sich umentschieden</translation>
    </message>
    <message>
        <source>Wrong amount</source>
        <translation>Falscher Betrag</translation>
    </message>
    <message>
        <source>Wrong card</source>
        <translation>Falsche Karte</translation>
    </message>
    <message>
        <source>Staff error</source>
        <translation>Bedienfehler</translation>
    </message>
    <message>
        <source>Test transaction</source>
        <translation>Testbuchung</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Reason for the void</source>
        <translation>Grund für das Storno</translation>
    </message>
    <message>
        <source>Void selected</source>
        <translation>Stornieren</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Settle</source>
        <translation>Abschließen</translation>
    </message>
    <message>
        <source>Close it for good, with the reason above</source>
        <translation>Endgültig abschließen, mit dem Grund oben</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Sending the queue…</source>
        <translation>Sende die Warteschlange…</translation>
    </message>
    <message>
        <source>Queue sent again; the list shows the latest state.</source>
        <translation>Warteschlange erneut gesendet; die Liste ist aktuell.</translation>
    </message>
    <message>
        <source>Retry failed: %1</source>
        <translation>Senden fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Reverse %1 on card %2? The money goes back.</source>
        <translation>%1 auf Karte %2 zurückbuchen? Das Geld geht zurück.</translation>
    </message>
    <message>
        <source>Nothing was voided.</source>
        <translation>Nichts wurde storniert.</translation>
    </message>
    <message>
        <source>Voiding…</source>
        <translation>Storniere…</translation>
    </message>
    <message>
        <source>Reversed: the money went back to the card.</source>
        <translation>Zurückgebucht: das Geld ist wieder auf der Karte.</translation>
    </message>
    <message>
        <source>Voided: the request never reached the backend and never will.</source>
        <translation>Storniert: die Buchung hat das Backend nie erreicht und wird es nie.</translation>
    </message>
    <message>
        <source>Voided: the backend had refused it, nothing to reverse.</source>
        <translation>Storniert: das Backend hatte sie abgelehnt, nichts zurückzubuchen.</translation>
    </message>
    <message>
        <source>Voided on this kiosk; the backend will be told as soon as it can be reached.</source>
        <translation>Auf diesem Kiosk storniert; das Backend erfährt es, sobald es erreichbar ist.</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>Storniert.</translation>
    </message>
    <message>
        <source>Not voided: %1</source>
        <translation>Nicht storniert: %1</translation>
    </message>
    <message>
        <source>Select a request to void first.</source>
        <translation>Zuerst die Buchung zum Stornieren wählen.</translation>
    </message>
    <message>
        <source>This request cannot be voided.</source>
        <translation>Diese Buchung ist nicht stornierbar.</translation>
    </message>
    <message>
        <source>Give a reason for the void.</source>
        <translation>Einen Grund für das Storno angeben.</translation>
    </message>
    <message>
        <source>The reason is too long.</source>
        <translation>Der Grund ist zu lang.</translation>
    </message>
    <message>
        <source>A void is already being sent.</source>
        <translation>Ein Storno wird schon gesendet.</translation>
    </message>
    <message>
        <source>Select a request to review first.</source>
        <translation>Zuerst die Buchung zum Prüfen wählen.</translation>
    </message>
    <message>
        <source>Sending again…</source>
        <translation>Sende erneut…</translation>
    </message>
    <message>
        <source>Give a reason for settling it.</source>
        <translation>Einen Grund für den Abschluss angeben.</translation>
    </message>
    <message>
        <source>Settling…</source>
        <translation>Schließe ab…</translation>
    </message>
    <message>
        <source>Sent again.</source>
        <translation>Erneut gesendet.</translation>
    </message>
    <message>
        <source>Settled.</source>
        <translation>Abgeschlossen.</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Nicht erledigt: %1</translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>Bargeld</translation>
    </message>
    <message>
        <source>card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Aufladung</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Storno</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>sendet</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>voided (never sent)</source>
        <translation>storniert (nie gesendet)</translation>
    </message>
    <message>
        <source>reversed</source>
        <translation>zurückgebucht</translation>
    </message>
    <message>
        <source>to review</source>
        <translation>zu prüfen</translation>
    </message>
    <message>
        <source>settled by a supervisor</source>
        <translation>vom Supervisor abgeschlossen</translation>
    </message>
    <message>
        <source>booked? reversal refused</source>
        <translation>gebucht? Rückbuchung abgelehnt</translation>
    </message>
    <message>
        <source>%1 · offline</source>
        <translation>%1 · offline</translation>
    </message>
    <message>
        <source>void of %1</source>
        <translation>Storno von %1</translation>
    </message>
    <message>
        <source>void of …%1</source>
        <translation>Storno von …%1</translation>
    </message>
    <message>
        <source>void</source>
        <translation>Storno</translation>
    </message>
    <message>
        <source>%1× %2</source>
        <translation>%1× %2</translation>
    </message>
    <message>
        <source>Refused offline, but the backend may have booked it: reverse it.</source>
        <translation>Offline abgelehnt, aber das Backend hat sie vielleicht gebucht: zurückbuchen.</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Print the shift report</source>
        <translation>Schichtbericht drucken</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>The report is printed on A4, portrait.</source>
        <translation>Der Bericht wird auf A4 hoch gedruckt.</translation>
    </message>
    <message>
        <source>No printer is set up on this kiosk. Save the report as a PDF instead: the file is named after the device and the time, in the export folder.</source>
        <translation>Auf diesem Kiosk ist kein Drucker eingerichtet. Bericht stattdessen als PDF speichern: die Datei heißt nach Gerät und Uhrzeit, im Export-Ordner.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Save PDF instead</source>
        <translation>Als PDF speichern</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Drucken</translation>
    </message>
</context>
<context>
    <name>ReaderPage</name>
    <message>
        <source>Simulated reader (demo, no hardware)</source>
        <translation>Simulierter Leser (Demo, ohne Hardware)</translation>
    </message>
    <message>
        <source>Keyboard-wedge reader (types the card number)</source>
        <translation>Tastatur-Leser (tippt die Kartennummer)</translation>
    </message>
    <message>
        <source>USB NFC reader (first one nfcpy finds)</source>
        <translation>USB-NFC-Leser (der erste, den nfcpy findet)</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Kartenleser</translation>
    </message>
    <message>
        <source>Choose the reader, then tap a card to test it.</source>
        <translation>Leser wählen, dann zum Testen eine Karte auflegen.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Detect readers</source>
        <translation>Leser suchen</translation>
    </message>
    <message>
        <source>Test reader</source>
        <translation>Leser testen</translation>
    </message>
    <message>
        <source>Press “Test reader”, then tap a card.</source>
        <translation>„Leser testen“ drücken, dann eine Karte auflegen.</translation>
    </message>
    <message>
        <source>Looking for USB and serial readers…</source>
        <translation>Suche USB- und serielle Leser…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>No NFC reader found. The simulated and keyboard-wedge readers are always available.</source>
        <translation>Kein NFC-Leser gefunden. Der simulierte und der Tastatur-Leser sind immer verfügbar.</translation>
    </message>
    <message>
        <source>Detection failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>This reader cannot be used: %1</source>
        <translation>Dieser Leser ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Card %1 read</source>
        <translation>Karte %1 gelesen</translation>
    </message>
    <message>
        <source>The reader works (%1). Tap another card or go on.</source>
        <translation>Leser funktioniert (%1). Andere Karte auflegen oder weiter.</translation>
    </message>
    <message>
        <source>Looking for the reader</source>
        <translation>Suche den Leser</translation>
    </message>
    <message>
        <source>Reader lost</source>
        <translation>Leser getrennt</translation>
    </message>
    <message>
        <source>No reader found</source>
        <translation>Kein Leser gefunden</translation>
    </message>
    <message>
        <source>The card could not be read (%1). Tap again.</source>
        <translation>Karte nicht lesbar (%1). Erneut auflegen.</translation>
    </message>
    <message>
        <source>Tap a card now…</source>
        <translation>Jetzt Karte auflegen…</translation>
    </message>
</context>
<context>
    <name>ReportTab</name>
    <message>
        <source>Last 8 hours</source>
        <translation>Letzte 8 Stunden</translation>
    </message>
    <message>
        <source>Last 12 hours</source>
        <translation>Letzte 12 Stunden</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Whole outbox</source>
        <translation>Ganzer Postausgang</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>Bargeld</translation>
    </message>
    <message>
        <source>card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>PDF speichern</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>whole outbox</source>
        <translation>ganzer Postausgang</translation>
    </message>
    <message>
        <source>Shift report — %1</source>
        <translation>Schichtbericht — %1</translation>
    </message>
    <message>
        <source>%1 · printed %2</source>
        <translation>%1 · gedruckt %2</translation>
    </message>
    <message>
        <source>Orders: %1 · total %2</source>
        <translation>Bestellungen: %1 · Summe %2</translation>
    </message>
    <message>
        <source>Cash expected in the drawer</source>
        <translation>Soll-Bargeld in der Lade</translation>
    </message>
    <message>
        <source>Sales by product</source>
        <translation>Verkäufe nach Produkt</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Recharges by payment method</source>
        <translation>Aufladungen nach Zahlungsart</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>Stornos</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Verkäufe</translation>
    </message>
    <message>
        <source>%1 recharges</source>
        <translation>Aufladungen (%1)</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Kassenlade</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Posten</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Cash recharges</source>
        <translation>Bar-Aufladungen</translation>
    </message>
    <message>
        <source>Cash voids</source>
        <translation>Bar-Stornos</translation>
    </message>
    <message>
        <source>(not yet confirmed)</source>
        <translation>(noch nicht bestätigt)</translation>
    </message>
    <message>
        <source>Cash shifts</source>
        <translation>Kassenschichten</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Wechselgeld</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Soll</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Gezählt</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>%1 requests still queued (cash %2), not counted above.</source>
        <translation>%1 Buchungen warten noch (bar %2), oben nicht gezählt.</translation>
    </message>
    <message>
        <source>%1 requests rejected by the backend.</source>
        <translation>%1 Buchungen vom Backend abgelehnt.</translation>
    </message>
    <message>
        <source>%1 confirmed requests were first accepted offline.</source>
        <translation>%1 bestätigte Buchungen wurden zuerst offline angenommen.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Konnte %1 nicht schreiben: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Sent to the printer %1.</source>
        <translation>An den Drucker %1 gesendet.</translation>
    </message>
</context>
<context>
    <name>ResultOverlay</name>
    <message>
        <source>Credited</source>
        <translation>Gutgeschrieben</translation>
    </message>
    <message>
        <source>New balance %1</source>
        <translation>Neues Guthaben %1</translation>
    </message>
    <message>
        <source>%1 credited to the card</source>
        <translation>%1 der Karte gutgeschrieben</translation>
    </message>
    <message>
        <source>%1 paid</source>
        <translation>%1 bezahlt</translation>
    </message>
    <message>
        <source>card below zero: send to a checkpoint</source>
        <translation>Karte im Minus: zur Aufladestation schicken</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <source>Recharged %1</source>
        <translation>%1 aufgeladen</translation>
    </message>
    <message>
        <source>Credit accepted offline — queued</source>
        <translation>Offline gutgeschrieben</translation>
    </message>
    <message>
        <source>No network: it is saved on this kiosk and sent when the network is back.</source>
        <translation>Kein Netz: auf diesem Kiosk gespeichert, wird gesendet, wenn das Netz zurück ist.</translation>
    </message>
    <message>
        <source>Accepted offline — queued</source>
        <translation>Offline angenommen</translation>
    </message>
    <message>
        <source>Card blocked</source>
        <translation>Karte gesperrt</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <source>last known balance (offline)</source>
        <translation>letztes bekanntes Guthaben (offline)</translation>
    </message>
    <message>
        <source>Card unblocked</source>
        <translation>Karte entsperrt</translation>
    </message>
    <message>
        <source>Request voided</source>
        <translation>Buchung storniert</translation>
    </message>
    <message>
        <source>The money movement was reversed.</source>
        <translation>Der Betrag wurde zurückgebucht.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>Please try again. If it keeps happening, call a supervisor.</source>
        <translation>Bitte erneut versuchen. Passiert es wieder, Supervisor rufen.</translation>
    </message>
    <message>
        <source>Balance not available</source>
        <translation>Guthaben nicht verfügbar</translation>
    </message>
    <message>
        <source>No network, and this card is not in the offline list.</source>
        <translation>Kein Netz, und die Karte ist nicht in der Offline-Liste.</translation>
    </message>
    <message>
        <source>Not accepted offline</source>
        <translation>Offline nicht möglich</translation>
    </message>
    <message>
        <source>Balance %1</source>
        <translation>Guthaben %1</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <source>sale</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>recharge</source>
        <translation>Aufladung</translation>
    </message>
    <message>
        <source>reversal</source>
        <translation>Rückbuchung</translation>
    </message>
    <message>
        <source>opening balance</source>
        <translation>Anfangsguthaben</translation>
    </message>
    <message>
        <source>Touch the screen or tap the next card to continue</source>
        <translation>Bildschirm berühren oder nächste Karte auflegen</translation>
    </message>
</context>
<context>
    <name>ScanTableModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Festival Kiosk setup</source>
        <translation>Festival Kiosk einrichten</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Weiter &gt;</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Fertig</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Connected: the backend answers.</source>
        <translation>Verbunden: das Backend antwortet.</translation>
    </message>
    <message>
        <source>Connected: %1 is a %2.</source>
        <translation>Verbunden: %1 ist %2.</translation>
    </message>
    <message>
        <source>Choose a backend first.</source>
        <translation>Zuerst ein Backend wählen.</translation>
    </message>
    <message>
        <source>Enter the device id this kiosk is registered as.</source>
        <translation>Geräte-ID eingeben, unter der dieser Kiosk registriert ist.</translation>
    </message>
    <message>
        <source>Cannot use this backend address: %1</source>
        <translation>Diese Backend-Adresse ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Cannot reach the backend: %1</source>
        <translation>Backend nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>The backend does not accept device &apos;%1&apos;: %2</source>
        <translation>Das Backend nimmt das Gerät &apos;%1&apos; nicht an: %2</translation>
    </message>
    <message>
        <source>unknown or disabled device</source>
        <translation>unbekanntes oder deaktiviertes Gerät</translation>
    </message>
    <message>
        <source>The backend&apos;s answer is not a device config: %1</source>
        <translation>Die Antwort des Backends ist keine Gerätekonfiguration: %1</translation>
    </message>
    <message>
        <source>Device %1 is disabled in the backend.</source>
        <translation>Gerät %1 ist im Backend deaktiviert.</translation>
    </message>
    <message>
        <source>Could not start the embedded demo server: %1</source>
        <translation>Eingebauter Demo-Server startet nicht: %1</translation>
    </message>
    <message>
        <source>The backend refused: %1</source>
        <translation>Das Backend lehnt ab: %1</translation>
    </message>
    <message>
        <source>The check failed on this kiosk.</source>
        <translation>Die Prüfung ist an diesem Kiosk fehlgeschlagen.</translation>
    </message>
    <message>
        <source>bar at %1</source>
        <translation>Bar, Verkaufsstelle %1</translation>
    </message>
    <message>
        <source>checkpoint at %1</source>
        <translation>Aufladestation %1</translation>
    </message>
    <message>
        <source>This is not a provisioning file: %1</source>
        <translation>Das ist keine Einrichtungsdatei: %1</translation>
    </message>
    <message>
        <source>This provisioning file cannot be used: %1</source>
        <translation>Diese Einrichtungsdatei ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>This provisioning file names no backend server.</source>
        <translation>Diese Einrichtungsdatei nennt keinen Backend-Server.</translation>
    </message>
    <message>
        <source>Enter the backend address.</source>
        <translation>Backend-Adresse eingeben.</translation>
    </message>
    <message>
        <source>This address does not start with %1</source>
        <translation>Diese Adresse beginnt nicht mit %1</translation>
    </message>
    <message>
        <source>Enter the API key of the REST backend.</source>
        <translation>API-Schlüssel des REST-Backends eingeben.</translation>
    </message>
    <message>
        <source>Enter this kiosk&apos;s device id.</source>
        <translation>Geräte-ID dieses Kiosks eingeben.</translation>
    </message>
    <message>
        <source>Test the backend connection first.</source>
        <translation>Zuerst die Backend-Verbindung testen.</translation>
    </message>
    <message>
        <source>This reader cannot be used: %1</source>
        <translation>Dieser Leser ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>This device id cannot be used: %1</source>
        <translation>Diese Geräte-ID ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>This address cannot be used: %1</source>
        <translation>Diese Adresse ist nicht verwendbar: %1</translation>
    </message>
</context>
<context>
    <name>SimulatedReaderPanel</name>
    <message>
        <source>Simulated
card reader</source>
        <translation>Simulierter
Kartenleser</translation>
    </message>
    <message>
        <source>tap demo card %1</source>
        <translation>Demokarte %1 auflegen</translation>
    </message>
    <message>
        <source>unknown
card</source>
        <translation>fremde
Karte</translation>
    </message>
    <message>
        <source>read
error</source>
        <translation>Lese-
fehler</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 gesperrt</translation>
    </message>
</context>
<context>
    <name>StartupScreen</name>
    <message>
        <source>Festival Kiosk</source>
        <translation>Festival Kiosk</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starte…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Set up this kiosk</source>
        <translation>Kiosk einrichten</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>The server&apos;s answers cannot be trusted: %1</source>
        <translation>Den Antworten des Servers ist nicht zu trauen: %1</translation>
    </message>
    <message>
        <source>not logged in</source>
        <translation>nicht angemeldet</translation>
    </message>
    <message>
        <source>Insecure connection</source>
        <translation>Unsichere Verbindung</translation>
    </message>
    <message>
        <source>insecure_backend is on: the link to the backend is not encrypted or not verified.</source>
        <translation>insecure_backend ist an: die Verbindung zum Backend ist nicht verschlüsselt oder nicht geprüft.</translation>
    </message>
    <message>
        <source>Card list %1 old</source>
        <translation>Kartenliste %1 alt</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Server answers wrongly</source>
        <translation>Server antwortet falsch</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation>OFFLINE</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message>
        <source>Queue empty</source>
        <translation>Warteschlange leer</translation>
    </message>
    <message numerus="yes">
        <source>Queued: %n</source>
        <translation>
            <numerusform>Wartet: %n</numerusform>
            <numerusform>Wartet: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>oldest %1</source>
        <translation>älteste %1</translation>
    </message>
    <message numerus="yes">
        <source>%n to review</source>
        <translation>
            <numerusform>%n zu prüfen</numerusform>
            <numerusform>%n zu prüfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Reader ready</source>
        <translation>Leser bereit</translation>
    </message>
    <message>
        <source>Looking for reader…</source>
        <translation>Suche Leser…</translation>
    </message>
    <message>
        <source>Reader lost: reconnecting</source>
        <translation>Leser getrennt: verbinde neu</translation>
    </message>
    <message>
        <source>No reader found</source>
        <translation>Kein Leser gefunden</translation>
    </message>
    <message>
        <source>Reader: no report</source>
        <translation>Leser: keine Meldung</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Offline limits and summary</source>
        <translation>Offline-Grenzen und Übersicht</translation>
    </message>
    <message>
        <source>When the backend cannot be reached, the kiosk keeps selling within these limits and sends the sales later.</source>
        <translation>Ist das Backend nicht erreichbar, verkauft der Kiosk in diesen Grenzen weiter und sendet die Verkäufe später.</translation>
    </message>
    <message>
        <source>Maximum card balance</source>
        <translation>Maximales Kartenguthaben</translation>
    </message>
    <message>
        <source>Offline sales per card</source>
        <translation>Offline-Verkäufe pro Karte</translation>
    </message>
    <message>
        <source>Offline sales per device</source>
        <translation>Offline-Verkäufe pro Gerät</translation>
    </message>
    <message>
        <source>Accept cash recharges while offline</source>
        <translation>Bar-Aufladungen offline annehmen</translation>
    </message>
    <message>
        <source>Accept card-payment recharges while offline</source>
        <translation>Aufladungen per Kartenzahlung offline annehmen</translation>
    </message>
    <message>
        <source>bar at %1</source>
        <translation>Bar, Verkaufsstelle %1</translation>
    </message>
    <message>
        <source>checkpoint %1</source>
        <translation>Aufladestation %1</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Backend: %1</translation>
    </message>
    <message>
        <source>Device: %1 (%2)</source>
        <translation>Gerät: %1 (%2)</translation>
    </message>
    <message>
        <source>Card reader: %1</source>
        <translation>Kartenleser: %1</translation>
    </message>
    <message>
        <source>Configuration file: %1</source>
        <translation>Konfigurationsdatei: %1</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Speichern fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <source>Supervisor — %1</source>
        <translation>Supervisor — %1</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Setup…</source>
        <translation>Einrichten…</translation>
    </message>
    <message>
        <source>Back to selling</source>
        <translation>Zum Verkauf</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Postausgang</translation>
    </message>
    <message>
        <source>Scan log</source>
        <translation>Scan-Protokoll</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Schichtbericht</translation>
    </message>
    <message>
        <source>Cash shifts</source>
        <translation>Kassenschichten</translation>
    </message>
    <message>
        <source>Could not read the outbox: %1</source>
        <translation>Postausgang nicht lesbar: %1</translation>
    </message>
</context>
<context>
    <name>TapScreen</name>
    <message>
        <source>Card not read: tap again, and hold it still</source>
        <translation>Karte nicht gelesen: erneut auflegen und still halten</translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation>Lese Karte…</translation>
    </message>
    <message>
        <source>Still waiting for the network…</source>
        <translation>Warte noch auf das Netz…</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Insufficient funds</source>
        <translation>Zu wenig Guthaben</translation>
    </message>
    <message>
        <source>Card blocked</source>
        <translation>Karte gesperrt</translation>
    </message>
    <message>
        <source>Unknown card</source>
        <translation>Unbekannte Karte</translation>
    </message>
    <message>
        <source>Prices have changed</source>
        <translation>Preise geändert</translation>
    </message>
    <message>
        <source>Product not available</source>
        <translation>Produkt nicht verfügbar</translation>
    </message>
    <message>
        <source>Amount not allowed</source>
        <translation>Betrag nicht erlaubt</translation>
    </message>
    <message>
        <source>Balance limit reached</source>
        <translation>Guthabengrenze erreicht</translation>
    </message>
    <message>
        <source>Not allowed on this kiosk</source>
        <translation>Am Kiosk nicht erlaubt</translation>
    </message>
    <message>
        <source>Request conflict</source>
        <translation>Buchungskonflikt</translation>
    </message>
    <message>
        <source>Request was voided</source>
        <translation>Buchung storniert</translation>
    </message>
    <message>
        <source>Invalid request</source>
        <translation>Ungültige Buchung</translation>
    </message>
    <message>
        <source>Offline limit exceeded</source>
        <translation>Offline-Grenze erreicht</translation>
    </message>
    <message>
        <source>Not accepted offline</source>
        <translation>Offline nicht möglich</translation>
    </message>
    <message>
        <source>Not permitted by the backend</source>
        <translation>Vom Backend verweigert</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>Kein Netz</translation>
    </message>
    <message>
        <source>Voided by a supervisor</source>
        <translation>Vom Supervisor storniert</translation>
    </message>
    <message>
        <source>Error on this kiosk</source>
        <translation>Fehler an diesem Kiosk</translation>
    </message>
    <message>
        <source>Keep the card and call a supervisor.</source>
        <translation>Karte einbehalten und Supervisor rufen.</translation>
    </message>
    <message>
        <source>This card is not registered for the festival.</source>
        <translation>Diese Karte ist nicht fürs Festival registriert.</translation>
    </message>
    <message>
        <source>The price list was updated. Check the order and charge again.</source>
        <translation>Die Preisliste ist neu. Bestellung prüfen und erneut kassieren.</translation>
    </message>
    <message>
        <source>The card cannot hold more money.</source>
        <translation>Die Karte fasst kein weiteres Guthaben.</translation>
    </message>
    <message>
        <source>Call a supervisor.</source>
        <translation>Supervisor rufen.</translation>
    </message>
    <message>
        <source>Not enough on the card&apos;s last known balance. Try another card, or recharge at a checkpoint.</source>
        <translation>Letztes bekanntes Guthaben reicht nicht. Andere Karte nehmen oder an einer Aufladestation aufladen.</translation>
    </message>
    <message>
        <source>Offline limit per card reached. Try again when the network is back.</source>
        <translation>Offline-Grenze pro Karte erreicht. Erneut versuchen, wenn das Netz zurück ist.</translation>
    </message>
    <message>
        <source>This kiosk&apos;s offline limit is reached. Wait for the network to come back.</source>
        <translation>Offline-Grenze dieses Kiosks erreicht. Warten, bis das Netz zurück ist.</translation>
    </message>
    <message>
        <source>This card is not in the offline list. Try again when the network is back.</source>
        <translation>Karte nicht in der Offline-Liste. Erneut versuchen, wenn das Netz zurück ist.</translation>
    </message>
    <message>
        <source>The prices on this kiosk are out of date. Call a supervisor.</source>
        <translation>Die Preise auf diesem Kiosk sind veraltet. Supervisor rufen.</translation>
    </message>
    <message>
        <source>A product of this order is not on sale here. Check the order.</source>
        <translation>Ein Produkt der Bestellung wird hier nicht verkauft. Bestellung prüfen.</translation>
    </message>
    <message>
        <source>You may not sell on this kiosk offline. Call a supervisor.</source>
        <translation>Offline-Verkauf auf diesem Kiosk nicht erlaubt. Supervisor rufen.</translation>
    </message>
    <message>
        <source>This kiosk is disabled. Call a supervisor.</source>
        <translation>Dieser Kiosk ist gesperrt. Supervisor rufen.</translation>
    </message>
    <message>
        <source>This kiosk is not set up for this. Call a supervisor.</source>
        <translation>Dieser Kiosk ist dafür nicht eingerichtet. Supervisor rufen.</translation>
    </message>
    <message>
        <source>This kiosk has no offline data yet. Wait for the network to come back.</source>
        <translation>Der Kiosk hat noch keine Offline-Daten. Warten, bis das Netz zurück ist.</translation>
    </message>
    <message>
        <source>Card payments need the network. Take cash, or wait for the network.</source>
        <translation>Kartenzahlung braucht das Netz. Bargeld nehmen oder auf das Netz warten.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Der Betrag muss größer als null sein.</translation>
    </message>
    <message>
        <source>The card list on this kiosk is too old to sell offline. Wait for the network to come back.</source>
        <translation>Die Kartenliste ist zu alt für Offline-Verkauf. Warten, bis das Netz zurück ist.</translation>
    </message>
    <message>
        <source>The offline check failed. Try again when the network is back.</source>
        <translation>Offline-Prüfung fehlgeschlagen. Erneut versuchen, wenn das Netz zurück ist.</translation>
    </message>
    <message>
        <source>read</source>
        <translation>gelesen</translation>
    </message>
    <message>
        <source>same card again (ignored)</source>
        <translation>gleiche Karte erneut (ignoriert)</translation>
    </message>
    <message>
        <source>ignored: a payment was in progress</source>
        <translation>ignoriert: eine Zahlung lief</translation>
    </message>
    <message>
        <source>card not read</source>
        <translation>Karte nicht gelesen</translation>
    </message>
    <message>
        <source>not a staff card</source>
        <translation>keine Mitarbeiterkarte</translation>
    </message>
    <message>
        <source>unknown card</source>
        <translation>unbekannte Karte</translation>
    </message>
    <message>
        <source>blocked card</source>
        <translation>gesperrte Karte</translation>
    </message>
    <message>
        <source>insufficient funds</source>
        <translation>zu wenig Guthaben</translation>
    </message>
    <message>
        <source>refused offline</source>
        <translation>offline abgelehnt</translation>
    </message>
    <message>
        <source>balance not available</source>
        <translation>Guthaben nicht verfügbar</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>error on this kiosk</source>
        <translation>Fehler an diesem Kiosk</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Not accepted offline. Try again when the network is back.</source>
        <translation>Offline nicht angenommen. Erneut versuchen, wenn das Netz zurück ist.</translation>
    </message>
    <message>
        <source>Refused by the backend</source>
        <translation>Vom Backend abgelehnt</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
</context>
</TS>
