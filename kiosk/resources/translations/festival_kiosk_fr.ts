<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>BackendPage</name>
    <message>
        <source>Backend</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Where balances and orders are kept.</source>
        <translation>Là où sont gardés soldes et commandes.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Embedded demo server on this computer</source>
        <translation>Serveur de démo intégré à cet ordinateur</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>Serveur PostgreSQL</translation>
    </message>
    <message>
        <source>REST-RPC server</source>
        <translation>Serveur REST-RPC</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé API</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Open provisioning file…</source>
        <translation>Ouvrir un provisionnement…</translation>
    </message>
    <message>
        <source>Paste provisioning code</source>
        <translation>Coller un provisionnement</translation>
    </message>
    <message>
        <source>Starts a local PostgreSQL with the demo event (first start takes a few seconds).</source>
        <translation>Lance un PostgreSQL local avec l&apos;événement de démo (quelques secondes au premier démarrage).</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Pas encore testé.</translation>
    </message>
    <message>
        <source>Provisioning file</source>
        <translation>Fichier de provisionnement</translation>
    </message>
    <message>
        <source>Provisioning files (*.toml);;All files (*)</source>
        <translation>Fichiers de provisionnement (*.toml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Lecture impossible de %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Starting the embedded demo server…</source>
        <translation>Démarrage du serveur de démo intégré…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
</context>
<context>
    <name>BarScreen</name>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Touch products to build the order.
Tap a card to see its balance.</source>
        <translation>Touchez les produits pour faire la commande.
Passez une carte pour voir son solde.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autres</translation>
    </message>
    <message>
        <source>Paying %1…</source>
        <translation>Paiement de %1…</translation>
    </message>
    <message>
        <source>Not enough on that card — tap another card to pay %1</source>
        <translation>Solde insuffisant — passez une autre carte pour payer %1</translation>
    </message>
    <message>
        <source>Tap another card to credit %1</source>
        <translation>Passez une autre carte pour créditer %1</translation>
    </message>
    <message>
        <source>Tap card to pay %1</source>
        <translation>Passez la carte pour payer %1</translation>
    </message>
    <message>
        <source>Tap card to credit %1</source>
        <translation>Passez la carte pour créditer %1</translation>
    </message>
    <message>
        <source>Charge %1</source>
        <translation>Encaisser %1</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Encaisser</translation>
    </message>
</context>
<context>
    <name>CashShiftFlow</name>
    <message>
        <source>The shift could not be opened: %1</source>
        <translation>La caisse n&apos;a pas pu être ouverte&#xa0;: %1</translation>
    </message>
    <message>
        <source>This count cannot be used: %1</source>
        <translation>Ce comptage est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>The shift could not be closed: %1</source>
        <translation>La caisse n&apos;a pas pu être clôturée&#xa0;: %1</translation>
    </message>
    <message>
        <source>The cash shift could not be read from this kiosk&apos;s queue.</source>
        <translation>La caisse n&apos;a pas pu être lue dans la file d&apos;envoi de cette borne.</translation>
    </message>
</context>
<context>
    <name>CashShiftsTab</name>
    <message>
        <source>Cashier</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Fond</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>Espèces attendues</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmée</translation>
    </message>
    <message>
        <source>No cash shift is open on this device.</source>
        <translation>Aucune caisse ouverte sur cet appareil.</translation>
    </message>
    <message>
        <source>Amount, e.g. 500</source>
        <translation>Montant, ex. 500</translation>
    </message>
    <message>
        <source>Drawer → safe</source>
        <translation>Tiroir → coffre</translation>
    </message>
    <message>
        <source>Safe → drawer</source>
        <translation>Coffre → tiroir</translation>
    </message>
    <message>
        <source>Reason, e.g. too much cash in the drawer</source>
        <translation>Motif, ex. trop d&apos;espèces dans le tiroir</translation>
    </message>
    <message>
        <source>Record cash move</source>
        <translation>Noter le mouvement</translation>
    </message>
    <message>
        <source>Why you close it, e.g. cashier went home</source>
        <translation>Motif de clôture, ex. caissier parti</translation>
    </message>
    <message>
        <source>Close selected shift…</source>
        <translation>Clôturer la caisse choisie…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>pas encore</translation>
    </message>
    <message>
        <source>Select the shift whose drawer the cash moves from or to.</source>
        <translation>Choisissez la caisse dont le tiroir donne ou reçoit les espèces.</translation>
    </message>
    <message>
        <source>Type the amount, e.g. 500 or 12.50.</source>
        <translation>Saisissez le montant, ex. 500 ou 12.50.</translation>
    </message>
    <message>
        <source>A cash move needs a reason.</source>
        <translation>Un mouvement d&apos;espèces demande un motif.</translation>
    </message>
    <message>
        <source>Cash move recorded: expected cash in that drawer is now %1.</source>
        <translation>Mouvement noté&#xa0;: espèces attendues dans ce tiroir désormais %1.</translation>
    </message>
    <message>
        <source>Cash move queued: it is sent when the network is back.</source>
        <translation>Mouvement en attente&#xa0;: il part au retour du réseau.</translation>
    </message>
    <message>
        <source>Cash move refused: %1</source>
        <translation>Mouvement refusé&#xa0;: %1</translation>
    </message>
    <message>
        <source>Select the shift to close.</source>
        <translation>Choisissez la caisse à clôturer.</translation>
    </message>
    <message>
        <source>Closing someone else&apos;s shift needs a reason.</source>
        <translation>Clôturer la caisse d&apos;un autre demande un motif.</translation>
    </message>
    <message>
        <source>Count %1&apos;s drawer</source>
        <translation>Compter le tiroir de %1</translation>
    </message>
    <message>
        <source>Shift of %1 closed: expected %2, counted %3, difference %4.</source>
        <translation>Caisse de %1 clôturée&#xa0;: attendu %2, compté %3, écart %4.</translation>
    </message>
    <message>
        <source>The close is queued: it is sent when the network is back.</source>
        <translation>La clôture est en attente&#xa0;: elle part au retour du réseau.</translation>
    </message>
    <message>
        <source>The shift could not be closed: %1</source>
        <translation>La caisse n&apos;a pas pu être clôturée&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>CheckpointScreen</name>
    <message>
        <source>Close shift</source>
        <translation>Clôturer la caisse</translation>
    </message>
    <message>
        <source>Void last recharge</source>
        <translation>Annuler la recharge</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Quick amount %1</source>
        <translation>Montant rapide %1</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <source>Card payment</source>
        <translation>Carte bancaire</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Enter an amount first</source>
        <translation>Saisissez d&apos;abord un montant</translation>
    </message>
    <message>
        <source>Too much: this card can take at most %1</source>
        <translation>Trop&#xa0;: cette carte accepte au plus %1</translation>
    </message>
    <message>
        <source>This card is blocked: no recharge</source>
        <translation>Carte bloquée&#xa0;: pas de recharge</translation>
    </message>
    <message>
        <source>Choose cash or card payment</source>
        <translation>Choisissez espèces ou carte bancaire</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Patientez…</translation>
    </message>
    <message>
        <source>Blocking card…</source>
        <translation>Blocage de la carte…</translation>
    </message>
    <message>
        <source>Unblocking card…</source>
        <translation>Déblocage de la carte…</translation>
    </message>
    <message>
        <source>Voiding…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Recharging %1…</source>
        <translation>Recharge de %1…</translation>
    </message>
    <message>
        <source>Drawer %1</source>
        <translation>Tiroir %1</translation>
    </message>
    <message>
        <source>not yet confirmed</source>
        <translation>pas encore confirmé</translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation>Lecture de la carte…</translation>
    </message>
    <message>
        <source>Tap a card</source>
        <translation>Passez une carte</translation>
    </message>
    <message>
        <source>Its balance, status and last transactions appear here.</source>
        <translation>Son solde, son état et ses dernières opérations s&apos;affichent ici.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>BLOCKED</source>
        <translation>BLOQUÉE</translation>
    </message>
    <message>
        <source>last known balance (offline)</source>
        <translation>dernier solde connu (hors ligne)</translation>
    </message>
    <message>
        <source>History not available offline</source>
        <translation>Historique indisponible hors ligne</translation>
    </message>
    <message>
        <source>No transactions yet</source>
        <translation>Aucune opération</translation>
    </message>
    <message>
        <source>Unblock card</source>
        <translation>Débloquer la carte</translation>
    </message>
    <message>
        <source>Block lost card</source>
        <translation>Bloquer la carte</translation>
    </message>
    <message>
        <source>Maximum %1</source>
        <translation>Maximum %1</translation>
    </message>
    <message>
        <source>Card: needs network</source>
        <translation>Carte&#xa0;: réseau requis</translation>
    </message>
    <message>
        <source>No network: card payments cannot be checked now. Take cash.</source>
        <translation>Pas de réseau&#xa0;: paiement par carte impossible à vérifier. Prenez des espèces.</translation>
    </message>
    <message>
        <source>Tap card to recharge %1</source>
        <translation>Badgez pour recharger %1</translation>
    </message>
    <message>
        <source>Recharge %1</source>
        <translation>Recharge %1</translation>
    </message>
</context>
<context>
    <name>CloseResultScreen</name>
    <message>
        <source>Shift closed</source>
        <translation>Caisse clôturée</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>Exporter PDF</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter CSV</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Confirmed by the server.</source>
        <translation>Confirmé par le serveur.</translation>
    </message>
    <message>
        <source>Confirmed by the server, marked unverified (the log-in was not checked by the server): review lists it.</source>
        <translation>Confirmé par le serveur, marqué non vérifié (la connexion n&apos;a pas été contrôlée par le serveur)&#xa0;: la liste «&#xa0;à revoir&#xa0;» l&apos;affiche.</translation>
    </message>
    <message>
        <source>Not yet confirmed: the close is queued and sent when the network is back. These figures are this kiosk&apos;s own.</source>
        <translation>Pas encore confirmé&#xa0;: la clôture est en attente et part au retour du réseau. Ces chiffres sont ceux de cette borne.</translation>
    </message>
    <message>
        <source>Float %1 · cash recharges %2 · voided %3 · to safe %4 · from safe %5 · card terminal %6 (not drawer cash)</source>
        <translation>Fond %1 · recharges espèces %2 · annulé %3 · vers coffre %4 · du coffre %5 · TPE %6 (hors tiroir)</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Fond de caisse</translation>
    </message>
    <message>
        <source>Cash recharges</source>
        <translation>Recharges en espèces</translation>
    </message>
    <message>
        <source>Cash voided (handed back)</source>
        <translation>Espèces annulées (rendues)</translation>
    </message>
    <message>
        <source>Moved from the safe</source>
        <translation>Reçu du coffre</translation>
    </message>
    <message>
        <source>Moved to the safe</source>
        <translation>Versé au coffre</translation>
    </message>
    <message>
        <source>Cash expected in the drawer</source>
        <translation>Espèces attendues dans le tiroir</translation>
    </message>
    <message>
        <source>Cash counted</source>
        <translation>Espèces comptées</translation>
    </message>
    <message>
        <source>Difference (counted - expected)</source>
        <translation>Écart (compté - attendu)</translation>
    </message>
    <message>
        <source>Card-terminal recharges (not drawer cash)</source>
        <translation>Recharges par TPE (hors tiroir)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Écriture impossible de %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Enregistré&#xa0;: %1</translation>
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
        <translation>Clôture&#xa0;: comptez le tiroir</translation>
    </message>
    <message>
        <source>Tap a note or coin, type how many, then the next.</source>
        <translation>Touchez un billet ou une pièce, saisissez le nombre, puis le suivant.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>Keep open, log out</source>
        <translation>Déconnexion sans clôture</translation>
    </message>
    <message>
        <source>That is more than a drawer can hold: check the counts.</source>
        <translation>C&apos;est plus qu&apos;un tiroir ne peut contenir&#xa0;: vérifiez le comptage.</translation>
    </message>
    <message>
        <source>Counted %1</source>
        <translation>Compté %1</translation>
    </message>
    <message>
        <source>Close with %1</source>
        <translation>Clôturer à %1</translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>The device id this kiosk is registered as in the backend.</source>
        <translation>L&apos;ID d&apos;appareil de cette borne sur le serveur.</translation>
    </message>
    <message>
        <source>Check device</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>ID d&apos;appareil</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>ex. %1</translation>
    </message>
    <message>
        <source>Asking the backend about %1…</source>
        <translation>Interrogation du serveur sur %1…</translation>
    </message>
    <message>
        <source>Bar, point of sale %1</source>
        <translation>Bar, point de vente %1</translation>
    </message>
    <message>
        <source>Checkpoint %1</source>
        <translation>Guichet %1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Rôle&#xa0;: %1</translation>
    </message>
    <message>
        <source>Products: %1</source>
        <translation>Produits&#xa0;: %1</translation>
    </message>
    <message>
        <source>Staff allowed on this device: %1</source>
        <translation>Personnel autorisé sur cet appareil&#xa0;: %1</translation>
    </message>
    <message>
        <source>Currency: %1</source>
        <translation>Devise&#xa0;: %1</translation>
    </message>
    <message>
        <source>Enter this kiosk&apos;s device id.</source>
        <translation>Saisissez l&apos;ID d&apos;appareil de cette borne.</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Pas encore vérifié.</translation>
    </message>
    <message>
        <source>This server does not list its devices. Type the device id this kiosk was enrolled as (festival-admin devices list shows them), or open its provisioning file on the previous page: it fills this in.</source>
        <translation>Ce serveur ne liste pas ses appareils. Saisissez l&apos;ID d&apos;appareil sous lequel cette borne a été inscrite (festival-admin devices list les affiche), ou ouvrez son fichier de provisionnement à la page précédente&#xa0;: il remplit ce champ.</translation>
    </message>
</context>
<context>
    <name>FloatScreen</name>
    <message>
        <source>Opening float</source>
        <translation>Fond de caisse</translation>
    </message>
    <message>
        <source>The cash in the drawer before the first recharge.</source>
        <translation>Les espèces dans le tiroir avant la première recharge.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Count the cash</source>
        <translation>Compter les espèces</translation>
    </message>
    <message>
        <source>That is more than a drawer float can be.</source>
        <translation>C&apos;est plus qu&apos;un fond de caisse ne peut être.</translation>
    </message>
    <message>
        <source>Start shift with %1</source>
        <translation>Ouvrir la caisse à %1</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation>Effacer le dernier chiffre</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>Starting the demo database… (the first start takes a minute)</source>
        <translation>Démarrage de la base de démo… (une minute au premier démarrage)</translation>
    </message>
    <message>
        <source>Connecting to the backend…</source>
        <translation>Connexion au serveur…</translation>
    </message>
    <message>
        <source>The kiosk cannot start yet:
%1</source>
        <translation>La borne ne peut pas encore démarrer&#xa0;:
%1</translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation>Préparation…</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Log in</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>I am %1</source>
        <translation>Je suis %1</translation>
    </message>
    <message>
        <source>Hello %1, enter your PIN</source>
        <translation>Bonjour %1, saisissez votre code</translation>
    </message>
    <message>
        <source>Enter your PIN, or tap your staff card</source>
        <translation>Saisissez votre code ou passez votre badge</translation>
    </message>
    <message>
        <source>The PIN has at least %1 digits</source>
        <translation>Le code a au moins %1 chiffres</translation>
    </message>
    <message>
        <source>Supervisors log in only while the kiosk is online</source>
        <translation>Les responsables se connectent seulement en ligne</translation>
    </message>
    <message>
        <source>Tap your staff card or touch your name, then enter your PIN</source>
        <translation>Passez votre badge ou touchez votre nom, puis saisissez votre code</translation>
    </message>
    <message>
        <source>The server refused the login: ask a supervisor</source>
        <translation>Le serveur refuse la connexion&#xa0;: demandez à un responsable</translation>
    </message>
    <message>
        <source>Wrong PIN. Attempts left: %1</source>
        <translation>Code erroné. Essais restants&#xa0;: %1</translation>
    </message>
    <message>
        <source>That is not a staff card for this kiosk</source>
        <translation>Ce n&apos;est pas un badge pour cette borne</translation>
    </message>
    <message>
        <source>No staff list yet: connect to the backend once</source>
        <translation>Pas encore de liste du personnel&#xa0;: connectez-vous une fois au serveur</translation>
    </message>
    <message>
        <source>Too many wrong PINs: wait %1 s</source>
        <translation>Trop de codes erronés&#xa0;: attendez %1 s</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Something went wrong. The kiosk keeps working; the details are in the log.</source>
        <translation>Un problème est survenu. La borne continue&#xa0;; les détails sont dans le journal.</translation>
    </message>
    <message>
        <source>Festival Kiosk — %1</source>
        <translation>Festival Kiosk — %1</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Déconnexion</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Simulated card reader</source>
        <translation>Lecteur de cartes simulé</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>A payment is in progress: log out when its result shows.</source>
        <translation>Paiement en cours&#xa0;: déconnectez-vous quand le résultat s&apos;affiche.</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Guichet</translation>
    </message>
    <message>
        <source>Bar</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>The supervisor screen is not available in this build.</source>
        <translation>L&apos;écran responsable n&apos;est pas disponible dans cette version.</translation>
    </message>
    <message>
        <source>Sale of %1</source>
        <translation>Vente de %1</translation>
    </message>
    <message>
        <source>Recharge of %1</source>
        <translation>Recharge de %1</translation>
    </message>
    <message>
        <source>still being sent: it will go through once, never twice</source>
        <translation>encore en cours d&apos;envoi&#xa0;: elle passera une fois, jamais deux</translation>
    </message>
    <message>
        <source>went through: the card was charged</source>
        <translation>aboutie&#xa0;: la carte a été débitée</translation>
    </message>
    <message>
        <source>was refused: nothing was charged</source>
        <translation>refusée&#xa0;: rien n&apos;a été débité</translation>
    </message>
    <message>
        <source>was voided: nothing was charged</source>
        <translation>annulée&#xa0;: rien n&apos;a été débité</translation>
    </message>
    <message>
        <source>went through: the card was credited</source>
        <translation>aboutie&#xa0;: la carte a été créditée</translation>
    </message>
    <message>
        <source>%1 on card %2 at %3, interrupted when the kiosk stopped, %4.</source>
        <translation>%1 sur la carte %2 à %3, interrompue par l&apos;arrêt de la borne, %4.</translation>
    </message>
    <message>
        <source>A payment is in progress</source>
        <translation>Paiement en cours</translation>
    </message>
    <message>
        <source>A payment is being sent. Close anyway? It is kept and finished after the restart, and the kiosk then shows how it ended.</source>
        <translation>Un paiement est en cours d&apos;envoi. Fermer quand même&#xa0;? Il est gardé et terminé au redémarrage, puis la borne affiche son résultat.</translation>
    </message>
</context>
<context>
    <name>OrderLineRow</name>
    <message>
        <source>One less %1</source>
        <translation>Un %1 de moins</translation>
    </message>
    <message>
        <source>One more %1</source>
        <translation>Un %1 de plus</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Retirer %1</translation>
    </message>
</context>
<context>
    <name>OutboxTab</name>
    <message>
        <source>Customer changed their mind</source>
        <translation>Le client a changé d&apos;avis</translation>
    </message>
    <message>
        <source>Wrong amount</source>
        <translation>Mauvais montant</translation>
    </message>
    <message>
        <source>Wrong card</source>
        <translation>Mauvaise carte</translation>
    </message>
    <message>
        <source>Staff error</source>
        <translation>Erreur du personnel</translation>
    </message>
    <message>
        <source>Test transaction</source>
        <translation>Opération de test</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Relancer</translation>
    </message>
    <message>
        <source>Reason for the void</source>
        <translation>Motif de l&apos;annulation</translation>
    </message>
    <message>
        <source>Void selected</source>
        <translation>Annuler la demande</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Renvoyer</translation>
    </message>
    <message>
        <source>Settle</source>
        <translation>Régler</translation>
    </message>
    <message>
        <source>Close it for good, with the reason above</source>
        <translation>La clore pour de bon, avec le motif ci-dessus</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>À revoir</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Refusés</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Annulés</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Faits</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tout</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Sending the queue…</source>
        <translation>Envoi de la file…</translation>
    </message>
    <message>
        <source>Queue sent again; the list shows the latest state.</source>
        <translation>File renvoyée&#xa0;; la liste montre le dernier état.</translation>
    </message>
    <message>
        <source>Retry failed: %1</source>
        <translation>Échec de la relance&#xa0;: %1</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirmer</translation>
    </message>
    <message>
        <source>Reverse %1 on card %2? The money goes back.</source>
        <translation>Annuler %1 sur la carte %2&#xa0;? L&apos;argent est rendu.</translation>
    </message>
    <message>
        <source>Nothing was voided.</source>
        <translation>Rien n&apos;a été annulé.</translation>
    </message>
    <message>
        <source>Voiding…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Reversed: the money went back to the card.</source>
        <translation>Annulée&#xa0;: l&apos;argent est revenu sur la carte.</translation>
    </message>
    <message>
        <source>Voided: the request never reached the backend and never will.</source>
        <translation>Annulée&#xa0;: la demande n&apos;a jamais atteint le serveur et ne l&apos;atteindra pas.</translation>
    </message>
    <message>
        <source>Voided: the backend had refused it, nothing to reverse.</source>
        <translation>Annulée&#xa0;: le serveur l&apos;avait refusée, rien à rendre.</translation>
    </message>
    <message>
        <source>Voided on this kiosk; the backend will be told as soon as it can be reached.</source>
        <translation>Annulée sur cette borne&#xa0;; le serveur sera prévenu dès qu&apos;il sera joignable.</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>Annulée.</translation>
    </message>
    <message>
        <source>Not voided: %1</source>
        <translation>Non annulé&#xa0;: %1</translation>
    </message>
    <message>
        <source>Select a request to void first.</source>
        <translation>Choisissez d&apos;abord une demande à annuler.</translation>
    </message>
    <message>
        <source>This request cannot be voided.</source>
        <translation>Cette demande ne peut pas être annulée.</translation>
    </message>
    <message>
        <source>Give a reason for the void.</source>
        <translation>Donnez un motif d&apos;annulation.</translation>
    </message>
    <message>
        <source>The reason is too long.</source>
        <translation>Le motif est trop long.</translation>
    </message>
    <message>
        <source>A void is already being sent.</source>
        <translation>Une annulation est déjà en cours d&apos;envoi.</translation>
    </message>
    <message>
        <source>Select a request to review first.</source>
        <translation>Choisissez d&apos;abord une demande à revoir.</translation>
    </message>
    <message>
        <source>Sending again…</source>
        <translation>Renvoi…</translation>
    </message>
    <message>
        <source>Give a reason for settling it.</source>
        <translation>Donnez un motif pour la régler.</translation>
    </message>
    <message>
        <source>Settling…</source>
        <translation>Règlement…</translation>
    </message>
    <message>
        <source>Sent again.</source>
        <translation>Renvoyé.</translation>
    </message>
    <message>
        <source>Settled.</source>
        <translation>Réglé.</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Non fait&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>espèces</translation>
    </message>
    <message>
        <source>card</source>
        <translation>carte</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Vente</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulation</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>envoi en cours</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>refusée</translation>
    </message>
    <message>
        <source>voided (never sent)</source>
        <translation>annulée (jamais envoyée)</translation>
    </message>
    <message>
        <source>reversed</source>
        <translation>annulée après coup</translation>
    </message>
    <message>
        <source>to review</source>
        <translation>à revoir</translation>
    </message>
    <message>
        <source>settled by a supervisor</source>
        <translation>réglée par un responsable</translation>
    </message>
    <message>
        <source>booked? reversal refused</source>
        <translation>enregistrée&#xa0;? annulation refusée</translation>
    </message>
    <message>
        <source>%1 · offline</source>
        <translation>%1 · hors ligne</translation>
    </message>
    <message>
        <source>void of %1</source>
        <translation>annulation de %1</translation>
    </message>
    <message>
        <source>void of …%1</source>
        <translation>annulation de …%1</translation>
    </message>
    <message>
        <source>void</source>
        <translation>annulation</translation>
    </message>
    <message>
        <source>%1× %2</source>
        <translation>%1× %2</translation>
    </message>
    <message>
        <source>Refused offline, but the backend may have booked it: reverse it.</source>
        <translation>Refusée hors ligne, mais le serveur l&apos;a peut-être enregistrée&#xa0;: annulez-la.</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Print the shift report</source>
        <translation>Imprimer le rapport de caisse</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Imprimante</translation>
    </message>
    <message>
        <source>The report is printed on A4, portrait.</source>
        <translation>Le rapport est imprimé en A4, portrait.</translation>
    </message>
    <message>
        <source>No printer is set up on this kiosk. Save the report as a PDF instead: the file is named after the device and the time, in the export folder.</source>
        <translation>Aucune imprimante sur cette borne. Enregistrez plutôt le rapport en PDF&#xa0;: le fichier porte le nom de l&apos;appareil et l&apos;heure, dans le dossier d&apos;export.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Save PDF instead</source>
        <translation>Exporter en PDF</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Imprimer</translation>
    </message>
</context>
<context>
    <name>ReaderPage</name>
    <message>
        <source>Simulated reader (demo, no hardware)</source>
        <translation>Lecteur simulé (démo, sans matériel)</translation>
    </message>
    <message>
        <source>Keyboard-wedge reader (types the card number)</source>
        <translation>Lecteur clavier (tape le numéro de la carte)</translation>
    </message>
    <message>
        <source>USB NFC reader (first one nfcpy finds)</source>
        <translation>Lecteur NFC USB (le premier trouvé par nfcpy)</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Lecteur de cartes</translation>
    </message>
    <message>
        <source>Choose the reader, then tap a card to test it.</source>
        <translation>Choisissez le lecteur, puis passez une carte pour le tester.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Detect readers</source>
        <translation>Détecter</translation>
    </message>
    <message>
        <source>Test reader</source>
        <translation>Tester</translation>
    </message>
    <message>
        <source>Press “Test reader”, then tap a card.</source>
        <translation>Appuyez sur «&#xa0;Tester&#xa0;», puis passez une carte.</translation>
    </message>
    <message>
        <source>Looking for USB and serial readers…</source>
        <translation>Recherche de lecteurs USB et série…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>prêt</translation>
    </message>
    <message>
        <source>No NFC reader found. The simulated and keyboard-wedge readers are always available.</source>
        <translation>Aucun lecteur NFC trouvé. Les lecteurs simulé et clavier (wedge) restent disponibles.</translation>
    </message>
    <message>
        <source>Detection failed: %1</source>
        <translation>Échec de la détection&#xa0;: %1</translation>
    </message>
    <message>
        <source>This reader cannot be used: %1</source>
        <translation>Ce lecteur est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>Card %1 read</source>
        <translation>Carte %1 lue</translation>
    </message>
    <message>
        <source>The reader works (%1). Tap another card or go on.</source>
        <translation>Le lecteur marche (%1). Passez une autre carte ou continuez.</translation>
    </message>
    <message>
        <source>Looking for the reader</source>
        <translation>Recherche du lecteur</translation>
    </message>
    <message>
        <source>Reader lost</source>
        <translation>Lecteur perdu</translation>
    </message>
    <message>
        <source>No reader found</source>
        <translation>Aucun lecteur</translation>
    </message>
    <message>
        <source>The card could not be read (%1). Tap again.</source>
        <translation>La carte n&apos;a pas pu être lue (%1). Repassez-la.</translation>
    </message>
    <message>
        <source>Tap a card now…</source>
        <translation>Passez une carte…</translation>
    </message>
</context>
<context>
    <name>ReportTab</name>
    <message>
        <source>Last 8 hours</source>
        <translation>8 dernières heures</translation>
    </message>
    <message>
        <source>Last 12 hours</source>
        <translation>12 dernières heures</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>24 dernières heures</translation>
    </message>
    <message>
        <source>Whole outbox</source>
        <translation>Toute la file d&apos;envoi</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>espèces</translation>
    </message>
    <message>
        <source>card</source>
        <translation>carte</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter CSV</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>Exporter PDF</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>open</source>
        <translation>ouverte</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>depuis le %1</translation>
    </message>
    <message>
        <source>whole outbox</source>
        <translation>toute la file d&apos;envoi</translation>
    </message>
    <message>
        <source>Sales by product</source>
        <translation>Ventes par produit</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Recharges by payment method</source>
        <translation>Recharges par moyen de paiement</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Moyen</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>Annulations</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <source>%1 recharges</source>
        <translation>Recharges %1</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Tiroir-caisse</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Cash recharges</source>
        <translation>Recharges en espèces</translation>
    </message>
    <message>
        <source>Cash voids</source>
        <translation>Annulations en espèces</translation>
    </message>
    <message>
        <source>(not yet confirmed)</source>
        <translation>(pas encore confirmé)</translation>
    </message>
    <message>
        <source>Cash shifts</source>
        <translation>Caisses</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Fond</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <source>%1 requests still queued (cash %2), not counted above.</source>
        <translation>%1 demandes encore en attente (espèces %2), non comptées ci-dessus.</translation>
    </message>
    <message>
        <source>%1 requests rejected by the backend.</source>
        <translation>%1 demandes refusées par le serveur.</translation>
    </message>
    <message>
        <source>%1 confirmed requests were first accepted offline.</source>
        <translation>%1 demandes confirmées ont d&apos;abord été acceptées hors ligne.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Écriture impossible de %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Sent to the printer %1.</source>
        <translation>Envoyé à l&apos;imprimante %1.</translation>
    </message>
</context>
<context>
    <name>ResultOverlay</name>
    <message>
        <source>Credited</source>
        <translation>Crédité</translation>
    </message>
    <message>
        <source>New balance %1</source>
        <translation>Nouveau solde %1</translation>
    </message>
    <message>
        <source>%1 credited to the card</source>
        <translation>Carte créditée de %1</translation>
    </message>
    <message>
        <source>%1 paid</source>
        <translation>Payé&#xa0;: %1</translation>
    </message>
    <message>
        <source>card below zero: send to a checkpoint</source>
        <translation>solde négatif&#xa0;: à recharger au guichet</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <source>Recharged %1</source>
        <translation>Carte rechargée de %1</translation>
    </message>
    <message>
        <source>Credit accepted offline — queued</source>
        <translation>Crédit accepté hors ligne — en attente</translation>
    </message>
    <message>
        <source>No network: it is saved on this kiosk and sent when the network is back.</source>
        <translation>Pas de réseau&#xa0;: gardé sur cette borne et envoyé au retour du réseau.</translation>
    </message>
    <message>
        <source>Accepted offline — queued</source>
        <translation>Accepté hors ligne — en attente</translation>
    </message>
    <message>
        <source>Card blocked</source>
        <translation>Carte bloquée</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Solde</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <source>last known balance (offline)</source>
        <translation>dernier solde connu (hors ligne)</translation>
    </message>
    <message>
        <source>Card unblocked</source>
        <translation>Carte débloquée</translation>
    </message>
    <message>
        <source>Request voided</source>
        <translation>Demande annulée</translation>
    </message>
    <message>
        <source>The money movement was reversed.</source>
        <translation>Le mouvement d&apos;argent a été annulé.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Un problème est survenu</translation>
    </message>
    <message>
        <source>Please try again. If it keeps happening, call a supervisor.</source>
        <translation>Réessayez. Si cela se répète, appelez un responsable.</translation>
    </message>
    <message>
        <source>Balance not available</source>
        <translation>Solde indisponible</translation>
    </message>
    <message>
        <source>No network, and this card is not in the offline list.</source>
        <translation>Pas de réseau, et cette carte n&apos;est pas dans la liste hors ligne.</translation>
    </message>
    <message>
        <source>Not accepted offline</source>
        <translation>Refusé hors ligne</translation>
    </message>
    <message>
        <source>Balance %1</source>
        <translation>Solde %1</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>crédit</translation>
    </message>
    <message>
        <source>sale</source>
        <translation>vente</translation>
    </message>
    <message>
        <source>recharge</source>
        <translation>recharge</translation>
    </message>
    <message>
        <source>reversal</source>
        <translation>annulation</translation>
    </message>
    <message>
        <source>opening balance</source>
        <translation>solde initial</translation>
    </message>
    <message>
        <source>Touch the screen or tap the next card to continue</source>
        <translation>Touchez l&apos;écran ou passez la carte suivante pour continuer</translation>
    </message>
</context>
<context>
    <name>ScanTableModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Écran</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>pas encore</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Festival Kiosk setup</source>
        <translation>Installation de Festival Kiosk</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Précédent</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Suivant &gt;</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Terminer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Connected: the backend answers.</source>
        <translation>Connecté&#xa0;: le serveur répond.</translation>
    </message>
    <message>
        <source>Connected: %1 is a %2.</source>
        <translation>Connecté&#xa0;: %1 est un %2.</translation>
    </message>
    <message>
        <source>Choose a backend first.</source>
        <translation>Choisissez d&apos;abord un serveur.</translation>
    </message>
    <message>
        <source>Enter the device id this kiosk is registered as.</source>
        <translation>Saisissez l&apos;ID d&apos;appareil de cette borne sur le serveur.</translation>
    </message>
    <message>
        <source>Cannot use this backend address: %1</source>
        <translation>Adresse de serveur inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cannot reach the backend: %1</source>
        <translation>Serveur injoignable&#xa0;: %1</translation>
    </message>
    <message>
        <source>The backend does not accept device &apos;%1&apos;: %2</source>
        <translation>Le serveur refuse l&apos;appareil «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>unknown or disabled device</source>
        <translation>appareil inconnu ou désactivé</translation>
    </message>
    <message>
        <source>The backend&apos;s answer is not a device config: %1</source>
        <translation>La réponse du serveur n&apos;est pas une configuration d&apos;appareil&#xa0;: %1</translation>
    </message>
    <message>
        <source>Device %1 is disabled in the backend.</source>
        <translation>L&apos;appareil %1 est désactivé sur le serveur.</translation>
    </message>
    <message>
        <source>Could not start the embedded demo server: %1</source>
        <translation>Le serveur de démo intégré n&apos;a pas pu démarrer&#xa0;: %1</translation>
    </message>
    <message>
        <source>The backend refused: %1</source>
        <translation>Le serveur a refusé&#xa0;: %1</translation>
    </message>
    <message>
        <source>The check failed on this kiosk.</source>
        <translation>La vérification a échoué sur cette borne.</translation>
    </message>
    <message>
        <source>bar at %1</source>
        <translation>bar à %1</translation>
    </message>
    <message>
        <source>checkpoint at %1</source>
        <translation>guichet à %1</translation>
    </message>
    <message>
        <source>This is not a provisioning file: %1</source>
        <translation>Ce n&apos;est pas un fichier de provisionnement&#xa0;: %1</translation>
    </message>
    <message>
        <source>This provisioning file cannot be used: %1</source>
        <translation>Ce fichier de provisionnement est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>This provisioning file names no backend server.</source>
        <translation>Ce fichier de provisionnement n&apos;indique aucun serveur.</translation>
    </message>
    <message>
        <source>Enter the backend address.</source>
        <translation>Saisissez l&apos;adresse du serveur.</translation>
    </message>
    <message>
        <source>This address does not start with %1</source>
        <translation>Cette adresse ne commence pas par %1</translation>
    </message>
    <message>
        <source>Enter the API key of the REST backend.</source>
        <translation>Saisissez la clé API du serveur REST.</translation>
    </message>
    <message>
        <source>Enter this kiosk&apos;s device id.</source>
        <translation>Saisissez l&apos;ID d&apos;appareil de cette borne.</translation>
    </message>
    <message>
        <source>Test the backend connection first.</source>
        <translation>Testez d&apos;abord la connexion au serveur.</translation>
    </message>
    <message>
        <source>This reader cannot be used: %1</source>
        <translation>Ce lecteur est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>This device id cannot be used: %1</source>
        <translation>Cet ID d&apos;appareil est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>This address cannot be used: %1</source>
        <translation>Cette adresse est inutilisable&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SimulatedReaderPanel</name>
    <message>
        <source>Simulated
card reader</source>
        <translation>Lecteur
simulé</translation>
    </message>
    <message>
        <source>tap demo card %1</source>
        <translation>passer la carte de démo %1</translation>
    </message>
    <message>
        <source>unknown
card</source>
        <translation>carte
inconnue</translation>
    </message>
    <message>
        <source>read
error</source>
        <translation>erreur
lecture</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 bloquée</translation>
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
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Set up this kiosk</source>
        <translation>Installer cette borne</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>The server&apos;s answers cannot be trusted: %1</source>
        <translation>Réponses du serveur non fiables&#xa0;: %1</translation>
    </message>
    <message>
        <source>not logged in</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <source>Insecure connection</source>
        <translation>Connexion non sûre</translation>
    </message>
    <message>
        <source>insecure_backend is on: the link to the backend is not encrypted or not verified.</source>
        <translation>insecure_backend est activé&#xa0;: le lien au serveur n&apos;est pas chiffré ou pas vérifié.</translation>
    </message>
    <message>
        <source>Card list %1 old</source>
        <translation>Cartes à jour il y a %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Server answers wrongly</source>
        <translation>Serveur incohérent</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation>HORS LIGNE</translation>
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
        <translation>File vide</translation>
    </message>
    <message numerus="yes">
        <source>Queued: %n</source>
        <translation>
            <numerusform>En attente&#xa0;: %n</numerusform>
            <numerusform>En attente&#xa0;: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>oldest %1</source>
        <translation>depuis %1</translation>
    </message>
    <message numerus="yes">
        <source>%n to review</source>
        <translation>
            <numerusform>%n à revoir</numerusform>
            <numerusform>%n à revoir</numerusform>
        </translation>
    </message>
    <message>
        <source>Reader ready</source>
        <translation>Lecteur prêt</translation>
    </message>
    <message>
        <source>Looking for reader…</source>
        <translation>Recherche du lecteur…</translation>
    </message>
    <message>
        <source>Reader lost: reconnecting</source>
        <translation>Lecteur perdu&#xa0;: reconnexion</translation>
    </message>
    <message>
        <source>No reader found</source>
        <translation>Aucun lecteur</translation>
    </message>
    <message>
        <source>Reader: no report</source>
        <translation>Lecteur&#xa0;: pas d&apos;état</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Offline limits and summary</source>
        <translation>Limites hors ligne et résumé</translation>
    </message>
    <message>
        <source>When the backend cannot be reached, the kiosk keeps selling within these limits and sends the sales later.</source>
        <translation>Quand le serveur est injoignable, la borne continue de vendre dans ces limites et envoie les ventes plus tard.</translation>
    </message>
    <message>
        <source>Maximum card balance</source>
        <translation>Solde maximal d&apos;une carte</translation>
    </message>
    <message>
        <source>Offline sales per card</source>
        <translation>Ventes hors ligne par carte</translation>
    </message>
    <message>
        <source>Offline sales per device</source>
        <translation>Ventes hors ligne par appareil</translation>
    </message>
    <message>
        <source>Accept cash recharges while offline</source>
        <translation>Accepter les recharges espèces hors ligne</translation>
    </message>
    <message>
        <source>Accept card-payment recharges while offline</source>
        <translation>Accepter les recharges par carte hors ligne</translation>
    </message>
    <message>
        <source>bar at %1</source>
        <translation>bar à %1</translation>
    </message>
    <message>
        <source>checkpoint %1</source>
        <translation>guichet %1</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Serveur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Device: %1 (%2)</source>
        <translation>Appareil&#xa0;: %1 (%2)</translation>
    </message>
    <message>
        <source>Card reader: %1</source>
        <translation>Lecteur de cartes&#xa0;: %1</translation>
    </message>
    <message>
        <source>Configuration file: %1</source>
        <translation>Fichier de configuration&#xa0;: %1</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Enregistrement impossible&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <source>Supervisor — %1</source>
        <translation>Responsable — %1</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Setup…</source>
        <translation>Configurer…</translation>
    </message>
    <message>
        <source>Back to selling</source>
        <translation>Retour à la vente</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>File d&apos;envoi</translation>
    </message>
    <message>
        <source>Scan log</source>
        <translation>Lectures</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Rapport de caisse</translation>
    </message>
    <message>
        <source>Cash shifts</source>
        <translation>Caisses</translation>
    </message>
    <message>
        <source>Could not read the outbox: %1</source>
        <translation>Lecture de la file d&apos;envoi impossible&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>TapScreen</name>
    <message>
        <source>Card not read: tap again, and hold it still</source>
        <translation>Carte non lue&#xa0;: repassez-la sans bouger</translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation>Lecture de la carte…</translation>
    </message>
    <message>
        <source>Still waiting for the network…</source>
        <translation>Toujours en attente du réseau…</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Insufficient funds</source>
        <translation>Solde insuffisant</translation>
    </message>
    <message>
        <source>Card blocked</source>
        <translation>Carte bloquée</translation>
    </message>
    <message>
        <source>Unknown card</source>
        <translation>Carte inconnue</translation>
    </message>
    <message>
        <source>Prices have changed</source>
        <translation>Les prix ont changé</translation>
    </message>
    <message>
        <source>Product not available</source>
        <translation>Produit indisponible</translation>
    </message>
    <message>
        <source>Amount not allowed</source>
        <translation>Montant non autorisé</translation>
    </message>
    <message>
        <source>Balance limit reached</source>
        <translation>Solde maximal atteint</translation>
    </message>
    <message>
        <source>Not allowed on this kiosk</source>
        <translation>Non autorisé sur cette borne</translation>
    </message>
    <message>
        <source>Request conflict</source>
        <translation>Demande en conflit</translation>
    </message>
    <message>
        <source>Request was voided</source>
        <translation>Demande annulée</translation>
    </message>
    <message>
        <source>Invalid request</source>
        <translation>Demande invalide</translation>
    </message>
    <message>
        <source>Offline limit exceeded</source>
        <translation>Limite hors ligne dépassée</translation>
    </message>
    <message>
        <source>Not accepted offline</source>
        <translation>Refusé hors ligne</translation>
    </message>
    <message>
        <source>Not permitted by the backend</source>
        <translation>Refusé par le serveur</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>Pas de réseau</translation>
    </message>
    <message>
        <source>Voided by a supervisor</source>
        <translation>Annulé par un responsable</translation>
    </message>
    <message>
        <source>Error on this kiosk</source>
        <translation>Erreur sur cette borne</translation>
    </message>
    <message>
        <source>Keep the card and call a supervisor.</source>
        <translation>Gardez la carte et appelez un responsable.</translation>
    </message>
    <message>
        <source>This card is not registered for the festival.</source>
        <translation>Cette carte n&apos;est pas enregistrée pour le festival.</translation>
    </message>
    <message>
        <source>The price list was updated. Check the order and charge again.</source>
        <translation>Les prix ont été mis à jour. Vérifiez la commande et encaissez à nouveau.</translation>
    </message>
    <message>
        <source>The card cannot hold more money.</source>
        <translation>La carte ne peut pas contenir plus d&apos;argent.</translation>
    </message>
    <message>
        <source>Call a supervisor.</source>
        <translation>Appelez un responsable.</translation>
    </message>
    <message>
        <source>Not enough on the card&apos;s last known balance. Try another card, or recharge at a checkpoint.</source>
        <translation>Dernier solde connu insuffisant. Essayez une autre carte, ou rechargez au guichet.</translation>
    </message>
    <message>
        <source>Offline limit per card reached. Try again when the network is back.</source>
        <translation>Limite hors ligne par carte atteinte. Réessayez au retour du réseau.</translation>
    </message>
    <message>
        <source>This kiosk&apos;s offline limit is reached. Wait for the network to come back.</source>
        <translation>Limite hors ligne de cette borne atteinte. Attendez le retour du réseau.</translation>
    </message>
    <message>
        <source>This card is not in the offline list. Try again when the network is back.</source>
        <translation>Cette carte n&apos;est pas dans la liste hors ligne. Réessayez au retour du réseau.</translation>
    </message>
    <message>
        <source>The prices on this kiosk are out of date. Call a supervisor.</source>
        <translation>Les prix de cette borne sont périmés. Appelez un responsable.</translation>
    </message>
    <message>
        <source>A product of this order is not on sale here. Check the order.</source>
        <translation>Un produit de la commande n&apos;est pas en vente ici. Vérifiez la commande.</translation>
    </message>
    <message>
        <source>You may not sell on this kiosk offline. Call a supervisor.</source>
        <translation>Vous ne pouvez pas vendre hors ligne sur cette borne. Appelez un responsable.</translation>
    </message>
    <message>
        <source>This kiosk is disabled. Call a supervisor.</source>
        <translation>Cette borne est désactivée. Appelez un responsable.</translation>
    </message>
    <message>
        <source>This kiosk is not set up for this. Call a supervisor.</source>
        <translation>Cette borne n&apos;est pas prévue pour cela. Appelez un responsable.</translation>
    </message>
    <message>
        <source>This kiosk has no offline data yet. Wait for the network to come back.</source>
        <translation>Cette borne n&apos;a pas encore de données hors ligne. Attendez le retour du réseau.</translation>
    </message>
    <message>
        <source>Card payments need the network. Take cash, or wait for the network.</source>
        <translation>Le paiement par carte demande le réseau. Prenez des espèces, ou attendez le réseau.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>The card list on this kiosk is too old to sell offline. Wait for the network to come back.</source>
        <translation>La liste des cartes de cette borne est trop ancienne pour vendre hors ligne. Attendez le retour du réseau.</translation>
    </message>
    <message>
        <source>The offline check failed. Try again when the network is back.</source>
        <translation>Le contrôle hors ligne a échoué. Réessayez au retour du réseau.</translation>
    </message>
    <message>
        <source>read</source>
        <translation>lue</translation>
    </message>
    <message>
        <source>same card again (ignored)</source>
        <translation>même carte (ignorée)</translation>
    </message>
    <message>
        <source>ignored: a payment was in progress</source>
        <translation>ignorée&#xa0;: paiement en cours</translation>
    </message>
    <message>
        <source>card not read</source>
        <translation>carte non lue</translation>
    </message>
    <message>
        <source>not a staff card</source>
        <translation>pas un badge</translation>
    </message>
    <message>
        <source>unknown card</source>
        <translation>carte inconnue</translation>
    </message>
    <message>
        <source>blocked card</source>
        <translation>carte bloquée</translation>
    </message>
    <message>
        <source>insufficient funds</source>
        <translation>solde insuffisant</translation>
    </message>
    <message>
        <source>refused offline</source>
        <translation>refusée hors ligne</translation>
    </message>
    <message>
        <source>balance not available</source>
        <translation>solde indisponible</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>refusée</translation>
    </message>
    <message>
        <source>error on this kiosk</source>
        <translation>erreur sur cette borne</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <source>Not accepted offline. Try again when the network is back.</source>
        <translation>Refusé hors ligne. Réessayez au retour du réseau.</translation>
    </message>
    <message>
        <source>Refused by the backend</source>
        <translation>Refusé par le serveur</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
</context>
</TS>
